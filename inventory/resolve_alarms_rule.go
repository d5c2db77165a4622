package inventory

import "strings"

// ruleToken is one token of a composite alarm rule: a parenthesis, a comma, or a name
// (quoted or bare; quoted tells them apart from keywords).
type ruleToken struct {
	text   string
	quoted bool
}

// ruleRef is one alarm a composite alarm rule names: fires is true when the alarm going
// into ALARM can make the rule true, as in ALARM(x), NOT OK(x) or AT_LEAST(1, ALARM, (x)),
// and false when it cannot or works against it, as in OK(x), INSUFFICIENT_DATA(x) or
// NOT ALARM(x).
type ruleRef struct {
	name  string
	fires bool
}

// parseAlarmRule returns the alarm names and ARNs a composite alarm rule refers to, in
// order of appearance. The rule grammar (AWS PutCompositeAlarm) is
//
//	ALARM(name) | OK(name) | INSUFFICIENT_DATA(name) | TRUE | FALSE
//	combined with AND, OR, NOT and parentheses,
//
// where a name may be quoted ("my alarm", with \" and \\ escapes) or bare, plus
// AT_LEAST(M, STATE, (name, name, ...)). It never fails: text it does not understand
// contributes no name, so a malformed rule yields fewer children, never a wrong one.
func parseAlarmRule(rule string) []string {
	var names []string
	for _, r := range parseAlarmRuleRefs(rule) {
		names = append(names, r.name)
	}
	return names
}

// parseAlarmRuleRefs is parseAlarmRule with, for each name, whether its ALARM state can fire
// the rule. NOT applies to the term after it, a call or a parenthesised group; negations
// nest, and an odd number of them turns ALARM(x) against x and OK(x) towards it.
func parseAlarmRuleRefs(rule string) []ruleRef {
	toks := tokenizeAlarmRule(rule)
	var refs []ruleRef
	// negated holds, per open group, whether the group is under an odd number of NOTs; not
	// is a NOT waiting for its term.
	negated := []bool{false}
	not := false
	inGroup := func() bool { return negated[len(negated)-1] }
	fires := func(state string) bool {
		neg := inGroup() != not
		return (state == "ALARM" && !neg) || (state == "OK" && neg)
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.quoted {
			not = false
			continue
		}
		call := i+1 < len(toks) && toks[i+1].text == "(" && !toks[i+1].quoted
		switch {
		case t.text == "NOT":
			not = !not
			continue
		case t.text == "(":
			negated = append(negated, inGroup() != not)
		case t.text == ")":
			if len(negated) > 1 {
				negated = negated[:len(negated)-1]
			}
		case call && (t.text == "ALARM" || t.text == "OK" || t.text == "INSUFFICIENT_DATA"):
			if i+3 < len(toks) && isRuleName(toks[i+2]) && toks[i+3].text == ")" && !toks[i+3].quoted {
				refs = append(refs, ruleRef{name: toks[i+2].text, fires: fires(t.text)})
				i += 3
			}
		case call && t.text == "AT_LEAST":
			// AT_LEAST(M, STATE, (names)): the state is the second argument, the alarm list
			// the parenthesised group nested one level inside the call.
			depth, args, state := 0, 0, ""
			for j := i + 1; j < len(toks); j++ {
				tj := toks[j]
				switch {
				case tj.text == "(" && !tj.quoted:
					depth++
				case tj.text == ")" && !tj.quoted:
					depth--
				case depth == 1 && tj.text == "," && !tj.quoted:
					args++
				case depth == 1 && args == 1 && !tj.quoted:
					state = tj.text
				case depth == 2 && isRuleName(tj):
					refs = append(refs, ruleRef{name: tj.text, fires: fires(state)})
				}
				if depth == 0 {
					i = j
					break
				}
			}
		}
		not = false
	}
	return refs
}

func isRuleName(t ruleToken) bool {
	if t.quoted {
		return t.text != ""
	}
	return t.text != "(" && t.text != ")" && t.text != ","
}

func tokenizeAlarmRule(rule string) []ruleToken {
	var toks []ruleToken
	for i := 0; i < len(rule); {
		c := rule[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			i++
		case '(', ')', ',':
			toks = append(toks, ruleToken{text: string(c)})
			i++
		case '"':
			var b strings.Builder
			i++
			for i < len(rule) && rule[i] != '"' {
				if rule[i] == '\\' && i+1 < len(rule) {
					i++
				}
				b.WriteByte(rule[i])
				i++
			}
			i++ // the closing quote, if any
			toks = append(toks, ruleToken{text: b.String(), quoted: true})
		default:
			start := i
			for i < len(rule) && !strings.ContainsRune(" \t\n\r(),\"", rune(rule[i])) {
				i++
			}
			toks = append(toks, ruleToken{text: rule[start:i]})
		}
	}
	return toks
}
