"""English in and out: reading what people type, writing dates, numbers and lists."""
