package filterpattern

import (
	"slices"
	"strings"
)

// What a pattern can catch in a data store's log group.
const (
	// CatchError is an error-level event: ERROR, FATAL, PANIC, an exception.
	CatchError = "error"
	// CatchOutOfMemory is the engine or the host running out of memory.
	CatchOutOfMemory = "out_of_memory"
	// CatchAuthFailure is a failed authentication: a wrong password, an unknown user.
	CatchAuthFailure = "auth_failure"
)

// category is one thing a pattern can catch, described by the words and phrases that data
// store engines write when it happens.
type category struct {
	name string
	// words are whole words, matched case-sensitively (filter patterns are case
	// sensitive, so ERROR and error are separate choices, both listed).
	words []string
	// inWord are fragments that make a word count wherever they stand in it
	// (NullPointerException, java.lang.OutOfMemoryError).
	inWord []string
	// suffixes count when a word ends with them (TypeError).
	suffixes []string
	// raw are fragments matched against the text as written (ORA-00600).
	raw []string
	// phrases are lower-case word sequences, matched case-insensitively: a pattern that
	// looks for "Access denied for user" is after authentication failures whatever its
	// case.
	phrases []string
}

// categories are the term lists Catches uses. They come from the messages the engines
// storewatch watches write to their CloudWatch Logs groups:
//
//   - error: PostgreSQL, Aurora and Redshift severities (ERROR, FATAL, PANIC), MySQL and
//     MariaDB ([ERROR]), SQL Server (Error:), Oracle (ORA-nnnnn), OpenSearch and other JVM
//     services (exceptions, *Error), syslog-style CRITICAL/SEVERE/EMERG, JSON "level"
//     values (error, fatal, critical).
//   - out_of_memory: PostgreSQL and MySQL ("out of memory", "out of shared memory"),
//     Redis, ElastiCache and MemoryDB (OOM command not allowed), the JVM (OutOfMemoryError),
//     SQL Server ("insufficient system memory"), the kernel (oom-kill, "Cannot allocate
//     memory", ENOMEM).
//   - auth_failure: PostgreSQL ("password authentication failed", "no pg_hba.conf entry"),
//     MySQL and MariaDB ("Access denied for user"), SQL Server ("Login failed for user"),
//     MongoDB and DocumentDB ("Authentication failed", AuthenticationFailed), Redis
//     (NOAUTH, WRONGPASS, "invalid password"), CloudTrail console sign-in ("Failed
//     authentication").
var categories = []category{
	{
		name:  CatchAuthFailure,
		words: []string{"AuthenticationFailed", "AuthenticationFailure", "NOAUTH", "WRONGPASS"},
		raw:   []string{"pg_hba.conf"},
		phrases: []string{"authentication failed", "authentication failure", "failed authentication",
			"failed to authenticate", "access denied for user", "login failed", "invalid password",
			"wrong password", "invalid credentials", "auth failed"},
	},
	{
		name: CatchError,
		words: []string{"ERROR", "Error", "error", "ERR", "FATAL", "Fatal", "fatal", "PANIC", "Panic",
			"panic", "CRITICAL", "Critical", "critical", "CRIT", "SEVERE", "Severe", "EMERG", "EMERGENCY",
			"Traceback"},
		inWord:   []string{"Exception", "EXCEPTION", "exception"},
		suffixes: []string{"Error"},
		raw:      []string{"ORA-"},
	},
	{
		name:   CatchOutOfMemory,
		words:  []string{"OOM", "oom", "OOMKilled", "ENOMEM"},
		inWord: []string{"OutOfMemory", "OUT_OF_MEMORY", "out_of_memory"},
		phrases: []string{"out of memory", "out of shared memory", "cannot allocate memory",
			"memory allocation failed", "insufficient memory", "insufficient system memory",
			"oom kill", "oom killer"},
	},
}

// Catches parses pattern and says what it catches: any of "auth_failure", "error" and
// "out_of_memory", sorted. A pattern that does not parse catches nothing.
func Catches(pattern string) []string {
	p, err := Parse(pattern)
	if err != nil {
		return nil
	}
	return p.Catches()
}

// Catches says what the pattern catches, judged on the terms and values it requires an
// event to contain: excluded terms (-term) and != comparisons catch nothing, and
// comparisons on selectors are judged by their value, not by the property's name.
func (p *Pattern) Catches() []string {
	var found []string
	disjuncts := [][]atom{p.atoms}
	if p.dnf != nil {
		byKey := map[string]atom{}
		for _, a := range p.atoms {
			byKey[renderAtom(a)] = a
		}
		disjuncts = disjuncts[:0]
		for _, c := range p.dnf {
			atoms := make([]atom, 0, len(c))
			for _, k := range c {
				atoms = append(atoms, byKey[k])
			}
			disjuncts = append(disjuncts, atoms)
		}
	}
	for _, d := range disjuncts {
		texts := positiveTexts(d)
		for _, cat := range categories {
			if !slices.Contains(found, cat.name) && cat.caught(texts, p.kind == KindTerms) {
				found = append(found, cat.name)
			}
		}
	}
	slices.Sort(found)
	return found
}

// positiveTexts lists the texts an event must contain (or a field must equal) to match.
func positiveTexts(atoms []atom) []string {
	var out []string
	for _, a := range atoms {
		switch {
		case a.kind == atomTerm && !a.neg && a.val.kind != valNumber:
			out = append(out, a.val.text)
		case a.kind == atomCompare && a.rel == "=" && a.val.kind != valNumber:
			out = append(out, a.val.text)
		}
	}
	return out
}

// caught reports whether texts (the positive atoms of one AND) catch the category. For a
// term pattern, a phrase also counts when its words are separate terms of the same AND:
// `password authentication failed` unquoted is three terms that must all appear.
func (c category) caught(texts []string, terms bool) bool {
	bag := map[string]bool{}
	for _, t := range texts {
		for _, r := range c.raw {
			if strings.Contains(t, r) {
				return true
			}
		}
		ws := words(t)
		for _, w := range ws {
			if slices.Contains(c.words, w) {
				return true
			}
			for _, f := range c.inWord {
				if strings.Contains(w, f) {
					return true
				}
			}
			for _, s := range c.suffixes {
				if strings.HasSuffix(w, s) {
					return true
				}
			}
			bag[strings.ToLower(w)] = true
		}
		joined := " " + strings.ToLower(strings.Join(ws, " ")) + " "
		for _, ph := range c.phrases {
			if strings.Contains(joined, " "+ph+" ") {
				return true
			}
		}
	}
	if !terms {
		return false
	}
	for _, ph := range c.phrases {
		all := true
		for _, w := range strings.Fields(ph) {
			if !bag[w] {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// words splits text into runs of letters, digits and underscores; wildcards, regex
// operators and punctuation separate words.
func words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
}
