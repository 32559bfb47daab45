"""The public door of cap_xblock: one module per capability.

Callers (the block's handlers and views, the workbench demo, management
commands) use these functions and never the models. Every rule lives here:
permissions, limits, transactions. Functions return plain data objects from
``cap_xblock.api.data`` and raise ``cap_xblock.errors.CapError`` subclasses.
"""
