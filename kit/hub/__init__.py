"""`kit hub`: JupyterHub for a branch or township, configured (not rewritten): roster accounts, nbgrader exchange,
PostgreSQL gradebook, Chinese landing pages."""
