"""``concord batch``: ingest and analysis on Ray Data workers, writes in batches, linking in one process.

Ray is imported only when a batch runs, so ``concord --help`` stays instant.
"""

from __future__ import annotations

from .run import BatchProgress, BatchReport, run_batch

__all__ = ["BatchProgress", "BatchReport", "run_batch"]
