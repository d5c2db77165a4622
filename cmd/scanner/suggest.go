package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// didYouMean returns "did you mean X? " for the name among names closest to a mistyped
// one when it is a typo or two away, and "" otherwise: a wild guess helps nobody. Leading
// dashes are ignored, so -fail-onn finds --fail-on.
func didYouMean(typed string, names []string) string {
	typed = strings.ToLower(strings.TrimLeft(typed, "-"))
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(typed, strings.TrimLeft(n, "-")); d < bestDist && d < len([]rune(typed)) {
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

// editDistance is the optimal string alignment distance between a and b: insertions,
// deletions, substitutions and transpositions of adjacent characters each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// countArgs is "1 argument" or "N arguments".
func countArgs(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", n)
}
