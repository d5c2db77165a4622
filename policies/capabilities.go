package policies

import (
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// unavailableBuiltins are the OPA built-in functions no rule, built-in or user, may call,
// each with the reason. User rules can come from a pull request that a CI gate runs on: a
// rule must judge the snapshot it is given and nothing else, so every built-in that
// reaches outside the evaluation (the network, the files or the environment of the
// process) is taken away. The rest are pure functions of their arguments (time.now_ns and
// the random ones aside, which read nothing that is not already the rule's).
var unavailableBuiltins = map[string]string{
	"http.send":          "it sends HTTP requests, through which a rule could send the snapshot (which describes the account) anywhere",
	"net.lookup_ip_addr": "it makes DNS queries, through which a rule could leak the snapshot to whoever answers for a domain",
	"opa.runtime":        "it exposes the process's environment, which in a live scan holds AWS credentials",
	"json.match_schema":  "a schema's $ref makes it read local files (file://) and send HTTP requests",
	"json.verify_schema": "a schema's $ref makes it read local files (file://) and send HTTP requests",
}

// capabilities is what every rule is compiled and evaluated with: this OPA's built-ins
// less the unavailable ones, and no host that a remote reference may be fetched from.
func capabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV1))
	c.Builtins = slices.DeleteFunc(c.Builtins, func(b *ast.Builtin) bool {
		_, out := unavailableBuiltins[b.Name]
		return out
	})
	// Non-nil and empty: no host at all (nil would be any host).
	c.AllowNet = []string{}
	return c
}

// explainUnavailable rewrites the compiler's "undefined function" errors for the built-ins
// taken away, which would otherwise read as a typo, into one that says why.
func explainUnavailable(errs ast.Errors) {
	for _, e := range errs {
		name, ok := strings.CutPrefix(e.Message, "undefined function ")
		if !ok {
			continue
		}
		if why, out := unavailableBuiltins[name]; out {
			e.Message = name + " is not available to storewatch rules: " + why
		}
	}
}
