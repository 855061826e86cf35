"""The CI report formats: SARIF 2.1.0 (code scanning), GitHub workflow commands (annotations) and JUnit
XML (test reports), one module each; ``validator.report.render`` chooses among them."""
