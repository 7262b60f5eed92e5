"""What people look at: one result explained (terminal text, an HTML page) and a run's HTML
report. Views read a ``Result`` and plain report data; nothing of the library imports them."""
