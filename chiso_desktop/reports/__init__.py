"""Report outputs: PDF forms (reports/pdf)."""
