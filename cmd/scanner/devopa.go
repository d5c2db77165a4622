package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/run"
	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// The commands scripts/compare-opa.sh uses to run the same rules on the same facts with
// `opa eval`, and to check that both reach the same verdicts.

func devRuleInputCommand() *cli.Command {
	return &cli.Command{
		Name:      "rule-input",
		Usage:     "write a snapshot, resolved, as the rules see it (every collection, every field) for opa eval",
		ArgsUsage: "SNAPSHOT",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "-", Usage: "write to `FILE` (- for stdout)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return fmt.Errorf("rule-input needs exactly one SNAPSHOT, got %d arguments", c.NArg())
			}
			data, err := os.ReadFile(c.Args().First())
			if err != nil {
				return fmt.Errorf("read snapshot: %w", err)
			}
			s, err := inventory.Parse(data)
			if err != nil {
				return fmt.Errorf("%s: %w", c.Args().First(), err)
			}
			inventory.Resolve(s)
			if out := c.String("output"); out != "-" {
				return fileutil.WriteAtomic(out, func(w io.Writer) error { return policies.WriteRuleInput(w, s) })
			}
			return policies.WriteRuleInput(c.App.Writer, s)
		},
	}
}

func devOPAQueryCommand() *cli.Command {
	return &cli.Command{
		Name:  "opa-query",
		Usage: "print the Rego query that evaluates what the engine evaluates, keyed by rule id",
		Flags: engineFlags(),
		Action: func(c *cli.Context) error {
			e, err := loadEngine(c)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(c.App.Writer, e.OPAQuery())
			return err
		},
	}
}

func devCheckOPACommand() *cli.Command {
	return &cli.Command{
		Name:  "check-opa",
		Usage: "check that opa eval (--format json, the opa-query query) and a JSON report fail the same (rule, resource) pairs",
		Flags: []cli.Flag{
			// Not Required: urfave/cli prints the help to stdout before such an error.
			&cli.StringFlag{Name: "opa", Usage: "opa eval output `FILE` (required)"},
			&cli.StringFlag{Name: "report", Usage: "storewatch JSON report `FILE` (required)"},
		},
		Action: func(c *cli.Context) error {
			if c.String("opa") == "" || c.String("report") == "" {
				return fmt.Errorf("%w: scanner dev check-opa needs --opa FILE (the output of opa eval --format json) and --report FILE (a storewatch JSON report)", run.ErrUsage)
			}
			denied, err := readOPADenies(c.String("opa"))
			if err != nil {
				return err
			}
			statuses, err := readReportStatuses(c.String("report"))
			if err != nil {
				return err
			}
			res := comparePairs(denied, statuses)
			fmt.Fprintf(c.App.Writer, "opa eval denies %d (rule, resource) pairs; storewatch fails %d of them, reports %d as undecided (collection errors or plan values take precedence), and %d otherwise\n",
				len(denied), res.failed, res.undecided, len(res.mismatches))
			if len(res.mismatches) > 0 {
				slices.Sort(res.mismatches)
				for _, m := range res.mismatches[:min(len(res.mismatches), 20)] {
					fmt.Fprintln(c.App.Writer, "  "+m)
				}
				return fmt.Errorf("storewatch and opa eval disagree on %d pairs", len(res.mismatches))
			}
			return nil
		},
	}
}

type pair struct{ rule, resource string }

type pairComparison struct {
	failed, undecided int
	mismatches        []string
}

// comparePairs checks that storewatch fails exactly the pairs opa eval denies, except
// those it reports undecided: a collection error or a plan value unknown until apply takes
// precedence over a deny, by design.
func comparePairs(denied map[pair]bool, statuses map[pair]policies.Status) pairComparison {
	var res pairComparison
	for p := range denied {
		switch statuses[p] {
		case policies.StatusFail:
			res.failed++
		case policies.StatusUnknown:
			res.undecided++
		default:
			res.mismatches = append(res.mismatches, fmt.Sprintf("%s %s: opa eval denies, storewatch says %q", p.rule, p.resource, statuses[p]))
		}
	}
	for p, st := range statuses {
		if st == policies.StatusFail && !denied[p] {
			res.mismatches = append(res.mismatches, fmt.Sprintf("%s %s: storewatch fails, opa eval does not deny", p.rule, p.resource))
		}
	}
	return res
}

// readOPADenies reads the deny sets of `opa eval --format json` run with the opa-query
// query.
func readOPADenies(path string) (map[pair]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read opa output: %w", err)
	}
	var out struct {
		Result []struct {
			Expressions []struct {
				Value map[string]struct {
					Deny []struct {
						ID string `json:"id"`
					} `json:"deny"`
				} `json:"value"`
			} `json:"expressions"`
		} `json:"result"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out.Result) != 1 || len(out.Result[0].Expressions) != 1 {
		return nil, fmt.Errorf("%s: want one result with one expression (is it the opa-query query's output?)", path)
	}
	denied := map[pair]bool{}
	for rule, heads := range out.Result[0].Expressions[0].Value {
		for _, d := range heads.Deny {
			denied[pair{rule, d.ID}] = true
		}
	}
	return denied, nil
}

// readReportStatuses reads the status of every finding of a JSON report.
func readReportStatuses(path string) (map[pair]policies.Status, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	var r struct {
		Findings []struct {
			RuleID   string          `json:"rule_id"`
			Status   policies.Status `json:"status"`
			Resource struct {
				ID string `json:"id"`
			} `json:"resource"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make(map[pair]policies.Status, len(r.Findings))
	for _, f := range r.Findings {
		out[pair{f.RuleID, f.Resource.ID}] = f.Status
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no findings (is it a storewatch JSON report?)", strings.TrimSpace(path))
	}
	return out, nil
}
