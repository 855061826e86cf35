"""accord's validator: loading, record validation, cross-record checks, reports and the ``accord`` CLI."""

#: accord's version, read by the build from here (``pyproject.toml``): no package metadata is read at run time
#: (importing ``importlib.metadata`` took some 45 ms of ``accord --version``).
__version__ = "0.1.0"
