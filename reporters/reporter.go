package reporters

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/policies"
)

// Reporter writes a report in one format.
type Reporter interface {
	Write(w io.Writer, r *policies.Report) error
}

// Options are the settings reporters share.
type Options struct {
	// Color enables ANSI colour in the terminal table.
	Color bool
	// Width is the terminal width for the table (0: 120).
	Width int
	// Quiet limits the table to the summary and failures.
	Quiet bool
	// SARIFIncludePass adds passing results to SARIF.
	SARIFIncludePass bool
	// SARIFCategory is the code scanning category each run's automationDetails.id starts
	// with, in place of "storewatch": one per Terraform root or matrix job. The id stays
	// <category>/<source kind>/<account>/.
	SARIFCategory string
	// Logger receives warnings a reporter has to give (a SARIF file truncated to fit
	// GitHub's limits); nil discards them.
	Logger *slog.Logger
}

// Format names.
const (
	FormatTable    = "table"
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
	FormatSARIF    = "sarif"
	FormatHTML     = "html"
	FormatJUnit    = "junit"
)

var factories = map[string]func(Options) Reporter{
	FormatTable:    func(o Options) Reporter { return &Table{Options: o} },
	FormatJSON:     func(Options) Reporter { return JSON{} },
	FormatMarkdown: func(Options) Reporter { return Markdown{} },
	FormatSARIF:    func(o Options) Reporter { return &SARIF{Options: o} },
	FormatHTML:     func(o Options) Reporter { return &HTML{Options: o} },
	FormatJUnit:    func(Options) Reporter { return JUnit{} },
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(factories))
	for f := range factories {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// ByName returns the reporter for a format, or an error naming the formats there are.
func ByName(format string, o Options) (Reporter, error) {
	f, ok := factories[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return f(o), nil
}
