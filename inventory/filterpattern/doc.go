// Package filterpattern parses CloudWatch Logs filter patterns (the syntax of metric
// filters, subscription filters and FilterLogEvents) into a normalised form, so that two
// patterns can be compared by meaning rather than by text.
//
// Three kinds of pattern are understood, as the CloudWatch Logs user guide ("Filter pattern
// syntax for metric filters, subscription filters, filter log events, and Live Tail")
// describes them:
//
//   - term patterns: ERROR, "Out of memory", ?ERROR ?WARN, ERROR -DEBUG, %regex%. Plain
//     terms must all appear; terms with ? form one group of which one must appear; terms
//     with - must not appear. A pattern that mixes plain and ? terms is read as "every
//     plain term and one of the ? terms" (the guide does not say; this is the reading that
//     keeps every term meaningful).
//   - JSON patterns: { $.field = value && ($.other != "x" || $.n >= 10) }, with =, !=,
//     <, >, <=, >=, IS NULL, IS TRUE, IS FALSE, EXISTS and NOT EXISTS, * wildcards and
//     %regex% values. && binds tighter than || ("() > && > ||" in the guide).
//   - space-delimited patterns: [ip, user, ..., status_code = 4* || status_code = 5*, bytes].
//
// The empty pattern (and a blank quoted one, "" or " ") matches every event.
//
// Normalisation removes what does not change meaning: spacing, redundant parentheses,
// quotes around values that need none, the order of && and || operands, repeated operands.
// String renders that form. Equivalent goes further: it compares the disjunctive normal
// forms (an OR of ANDs of atomic comparisons, with repeats and absorbed branches removed),
// so `{ $.a = 1 && ($.b = 2 || $.c = 3) }` and `{ ($.a = 1 && $.b = 2) || ($.c = 3 && $.a = 1) }`
// are equivalent, while a pattern that drops a clause, adds an AND clause or adds an OR
// branch is not. Atoms are compared as text after normalisation, not by what they match:
// $.a = "400" (a string) and $.a = 400 (a number) are different atoms, and so are two
// wildcards that happen to match the same values.
package filterpattern
