package policies

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/storewatch/storewatch/inventory"
)

// WriteRuleInput writes a resolved snapshot the way the rules see it: one JSON object with
// every collection, every item with every field, as the engine converts it. The engine
// feeds one batch of one collection at a time; this is the same input for all items at
// once, so that another evaluator (opa eval, in scripts/compare-opa.sh) can run the same
// rules on the same facts.
func WriteRuleInput(w io.Writer, snap *inventory.Snapshot) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprint(bw, "{")
	for ci, c := range snap.Collections() {
		if ci > 0 {
			fmt.Fprint(bw, ",")
		}
		fmt.Fprintf(bw, "\n%s: [", strconv.Quote(c.Name))
		var conv converter
		for i := 0; i < c.Len; i++ {
			t, err := conv.item(c, i)
			if err != nil {
				return err
			}
			v, err := ast.JSON(t.Value)
			if err != nil {
				return fmt.Errorf("convert %s item %d: %w", c.Name, i, err)
			}
			b, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("encode %s item %d: %w", c.Name, i, err)
			}
			if i > 0 {
				fmt.Fprint(bw, ",")
			}
			fmt.Fprintf(bw, "\n%s", b)
			if i%defaultBatchSize == defaultBatchSize-1 {
				conv = converter{} // as batches do: the string table lives for one batch
			}
		}
		fmt.Fprint(bw, "]")
	}
	fmt.Fprint(bw, "\n}\n")
	return bw.Flush()
}

// OPAQuery returns a Rego query that evaluates what the engine's prepared query evaluates —
// every rule's deny, unknown, applies and depends — as one object keyed by rule id:
// {"SW-LX-01": {"deny": ..., "applies": ...}, ...}.
func (e *Engine) OPAQuery() string {
	var b strings.Builder
	b.WriteString("{")
	for i, r := range e.rules {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: {", strconv.Quote(r.ID))
		var heads []string
		for _, o := range e.outputs {
			if o.rule == r {
				h := headName(o.kind)
				if o.kind == outDepends {
					// As the engine's query: defined even when the rule gives no key.
					heads = append(heads, fmt.Sprintf("%q: {op: ids | ids := %s.depends[op]}", h, r.pkg))
					continue
				}
				heads = append(heads, fmt.Sprintf("%q: %s.%s", h, r.pkg, h))
			}
		}
		b.WriteString(strings.Join(heads, ", "))
		b.WriteString("}")
	}
	b.WriteString("}")
	return b.String()
}
