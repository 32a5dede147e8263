# `make help`: every target documented with a "## what it does" comment.

.PHONY: help
help: ## list the targets
	@printf 'usage: make [TARGET] [CASE=name] [VAR=value ...]\n\n'
	@sed -n 's/^\([a-zA-Z][a-zA-Z0-9_-]*\):.*## \(.*\)$$/  \1|\2/p' $(MAKEFILE_LIST) | \
	  awk -F'|' '{ printf "  %-16s %s\n", $$1, $$2 }'
	@printf '\ncases: %s (default %s)\n' '$(CASES)' '$(DEFAULT_CASE)'
	@printf 'variables: CASE RUNS ENV O=%s RESULTS=%s V=1 DEVELOPER=1 SANITIZE=address,undefined\n' '$(O)' '$(RESULTS)'

# `make print-VAR` shows a variable's value (the tests read TOOLS this way).
print-%:
	@printf '%s\n' '$($*)'
