"""concord: news reports in, a corroborated, source-cited record of political events out."""

__version__ = "0.1.0"
