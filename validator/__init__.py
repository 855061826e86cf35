"""accord's validator: loading, record validation, cross-record checks, reports and the ``accord`` CLI."""

#: accord's version, read by the build from here (``pyproject.toml``): no package metadata is read at run time
#: (``importlib.metadata`` took some 25 ms of every command).
__version__ = "0.1.0"
