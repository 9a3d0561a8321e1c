"""The knowledge base: what concord knows about the world before it reads a report."""
