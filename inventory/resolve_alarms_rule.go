package inventory

import "strings"

// ruleToken is one token of a composite alarm rule: a parenthesis, a comma, or a name
// (quoted or bare; quoted tells them apart from keywords).
type ruleToken struct {
	text   string
	quoted bool
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
	toks := tokenizeAlarmRule(rule)
	var names []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.quoted || i+1 >= len(toks) || toks[i+1].text != "(" || toks[i+1].quoted {
			continue
		}
		switch t.text {
		case "ALARM", "OK", "INSUFFICIENT_DATA":
			if i+3 < len(toks) && isRuleName(toks[i+2]) && toks[i+3].text == ")" && !toks[i+3].quoted {
				names = append(names, toks[i+2].text)
				i += 3
			}
		case "AT_LEAST":
			// The alarm list is the parenthesised group nested one level inside the call.
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				tj := toks[j]
				switch {
				case tj.text == "(" && !tj.quoted:
					depth++
				case tj.text == ")" && !tj.quoted:
					depth--
				case depth == 2 && isRuleName(tj):
					names = append(names, tj.text)
				}
				if depth == 0 {
					i = j
					break
				}
			}
		}
	}
	return names
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
