"""`python -m arch_draw` is the `arch-draw` command."""

from arch_draw.cli import main

main()
