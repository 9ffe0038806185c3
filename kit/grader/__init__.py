"""Everything that grades: the hidden-cell call, the kernel-free autograde, nbgrader's pipeline, its gradebook."""
