"""accord's validator: loading, record validation, cross-record checks, reports and the ``accord`` CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("accord")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0+unknown"
