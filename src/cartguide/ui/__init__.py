"""Qt widgets: the window, one module per page, small reusable widgets and the theme."""
