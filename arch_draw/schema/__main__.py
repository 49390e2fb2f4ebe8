"""python -m arch_draw.schema: write the shipped schema file again (after a group kind
is added to arch_draw.kinds)."""

from . import SHIPPED, schema_text

SHIPPED.write_text(schema_text(), encoding="utf-8")
print(f"wrote {SHIPPED}")
