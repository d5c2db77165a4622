package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/xrash/smetrics"
)

// didYouMean returns "did you mean X? " for the name among names closest to a mistyped
// one when it is a typo or two away, and "" otherwise: a wild guess helps nobody. Leading
// dashes are ignored, so -fail-onn finds --fail-on.
func didYouMean(typed string, names []string) string {
	typed = strings.ToLower(strings.TrimLeft(typed, "-"))
	best, bestDist := "", 3
	for _, n := range names {
		// Levenshtein distance, from the library urfave/cli itself suggests with (its own
		// SuggestCommand always names the closest, however far).
		if d := smetrics.WagnerFischer(typed, strings.TrimLeft(n, "-"), 1, 1, 1); d < bestDist && d < len([]rune(typed)) {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return "did you mean " + best + "? "
}

// commandNames are the names and aliases a user can type for cmds, hidden ones left out.
func commandNames(cmds []*cli.Command) []string {
	var names []string
	for _, c := range cmds {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	return names
}

// flagNames are the names of the visible flags, written as a user types them (--name, -n).
func flagNames(flags []cli.Flag) []string {
	var names []string
	for _, f := range flags {
		if v, ok := f.(cli.VisibleFlag); ok && !v.IsVisible() {
			continue
		}
		for _, n := range f.Names() {
			if len(n) == 1 {
				names = append(names, "-"+n)
			} else {
				names = append(names, "--"+n)
			}
		}
	}
	return names
}

// countArgs is "1 argument" or "N arguments".
func countArgs(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", n)
}
