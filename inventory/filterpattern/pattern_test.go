package filterpattern

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseNormalises(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		kind    Kind
		want    string
	}{
		{"empty", "", KindAll, ""},
		{"blank", "   ", KindAll, ""},
		{"quoted blank matches everything", `" "`, KindAll, ""},
		{"single term", "ERROR", KindTerms, "ERROR"},
		{"quoted term needing no quotes", `"ERROR"`, KindTerms, "ERROR"},
		{"phrase", `"Out of memory"`, KindTerms, `"Out of memory"`},
		{"terms sorted", "Exception ERROR", KindTerms, "ERROR Exception"},
		{"or terms", "?Exception ?ERROR", KindTerms, "?ERROR ?Exception"},
		{"excluded term", "ERROR -DEBUG", KindTerms, "-DEBUG ERROR"},
		{"excluded with a space, as the guide writes it", `"ERROR" - "Exiting"`, KindTerms, "-Exiting ERROR"},
		{"regex term", "%ERROR|WARN%", KindTerms, "%ERROR|WARN%"},
		{"repeated term", "ERROR ERROR", KindTerms, "ERROR"},
		{"mixed plain and or terms", "ERROR ?db ?cache", KindTerms, "ERROR ?cache ?db"},
		{"json spacing and quotes", `{$.eventName="ConsoleLogin"}`, KindJSON, `{ $.eventName = ConsoleLogin }`},
		{"json value needing quotes", `{ $.sourceIPAddress != delivery.logs.amazonaws.com }`, KindJSON, `{ $.sourceIPAddress != "delivery.logs.amazonaws.com" }`},
		{"json wildcard", `{ $.errorCode = "*UnauthorizedOperation" }`, KindJSON, `{ $.errorCode = "*UnauthorizedOperation" }`},
		{"json redundant parentheses", `{ ((($.a = x))) }`, KindJSON, `{ $.a = x }`},
		{"json operands sorted", `{ $.b = 2 && $.a = 1 }`, KindJSON, `{ $.a = 1 && $.b = 2 }`},
		{"json nested same operator flattened", `{ ($.a = 1 || $.b = 2) || $.c = 3 }`, KindJSON, `{ $.a = 1 || $.b = 2 || $.c = 3 }`},
		{"json precedence: && binds tighter", `{ $.a = 1 || $.b = 2 && $.c = 3 }`, KindJSON, `{ $.a = 1 || ($.b = 2 && $.c = 3) }`},
		{"json parentheses kept where they matter", `{ ($.a = 1 || $.b = 2) && $.c = 3 }`, KindJSON, `{ ($.a = 1 || $.b = 2) && $.c = 3 }`},
		{"json tests", `{ $.a is null && $.b NOT   EXISTS && $.c EXISTS && $.d IS TRUE }`, KindJSON, `{ $.a IS NULL && $.b NOT EXISTS && $.c EXISTS && $.d IS TRUE }`},
		{"json numbers", `{ $.latency >= +500.0 && $.n < 10e3 && $.m = -0 }`, KindJSON, `{ $.latency >= 500 && $.m = 0 && $.n < 10000 }`},
		{"json number in quotes stays a string", `{ $.errorCode = "400" }`, KindJSON, `{ $.errorCode = "400" }`},
		{"json array selectors", `{ $.users[00].email = "x@example.com" && $.c[0][1] = 2 }`, KindJSON, `{ $.c[0][1] = 2 && $.users[0].email = "x@example.com" }`},
		{"json regex value", `{ $.msg = %ERROR|FATAL% }`, KindJSON, `{ $.msg = %ERROR|FATAL% }`},
		{"json escaped quote", `{ $.a = "say \"hi\"" }`, KindJSON, `{ $.a = "say \"hi\"" }`},
		{"delimited", `[ip, user, ..., status_code = 4*, bytes]`, KindDelimited, `[ip, user, ..., status_code = "4*", bytes]`},
		{"delimited compound", `[w1=ERROR || w1=WARN, w2]`, KindDelimited, `[w1 = ERROR || w1 = WARN, w2]`},
		{"delimited keeps the field named by its own operand first", `[w1 = 4* && bytes > 1000]`, KindDelimited, `[w1 = "4*" && bytes > 1000]`},
		{"delimited trailing comma is an anonymous field", `[..., request=*.html*, status_code=4*,]`, KindDelimited, `[..., request = "*.html*", status_code = "4*", ]`},
		{"delimited unicode ellipsis", `[…, x]`, KindDelimited, `[..., x]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.pattern)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.pattern, err)
			}
			if got := p.Kind(); got != tt.kind {
				t.Errorf("Kind() = %v, want %v", got, tt.kind)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			again, err := Parse(p.String())
			if err != nil {
				t.Fatalf("the normalised form %q does not parse: %v", p.String(), err)
			}
			if again.String() != p.String() || !Equivalent(p, again) {
				t.Errorf("normalised form is not stable: %q → %q", p.String(), again.String())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		column  int
		msg     string
	}{
		{"unclosed brace", `{ $.a = 1`, 1, "{ is never closed"},
		{"empty json", `{ }`, 3, "empty JSON pattern"},
		{"missing selector", `{ a = 1 }`, 3, "expected a property selector"},
		{"bare dollar", `{ $ = 1 }`, 4, "expected a property after $"},
		{"missing operator", `{ $.a 1 }`, 7, "expected =, !="},
		{"missing value", `{ $.a = }`, 9, "expected a value"},
		{"numeric operator on a string", `{ $.a > big }`, 9, `> compares numbers, and "big" is not one`},
		{"unclosed paren", `{ ($.a = 1 }`, 12, "expected && or || or ), found \"}\""},
		{"unclosed paren at the end", `{ ($.a = 1`, 3, "( is never closed"},
		{"dangling and", `{ $.a = 1 && }`, 14, "expected a property selector"},
		{"junk after json", `{ $.a = 1 } x`, 13, "after the closing }"},
		{"unclosed quote", `{ $.a = "x }`, 9, "quoted string is never closed"},
		{"unclosed regex", `{ $.a = %x }`, 9, "never closed with %"},
		{"empty regex", `%%`, 1, "empty regular expression"},
		{"bad index", `{ $.a[x] = 1 }`, 6, "expected an array index"},
		{"unclosed bracket", `[a, b`, 1, "[ is never closed"},
		{"delimited bad separator", `[a = 1 b]`, 8, "expected , or ]"},
		{"delimited name then junk", `[a b]`, 4, "expected =, !=, <, >, <= or >= after a"},
		{"delimited test keyword", `[a IS NULL]`, 4, "expected =, !=, <, >, <= or >="},
		{"lone minus", `ERROR -`, 7, "- must be followed by a term"},
		{"both marks", `?-ERROR`, 2, "- cannot follow ?"},
		{"quote inside a bare term", `ERR"OR`, 4, "a quote inside a bare term"},
		{"blank term among others", `ERROR ""`, 1, "an empty quoted term can only stand alone"},
		{"too deep", strings.Repeat("(", maxDepth+1) + "$.a = 1" + strings.Repeat(")", maxDepth+1), 0, "nested deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pattern := tt.pattern
			if tt.name == "too deep" {
				pattern = "{" + pattern + "}"
			}
			_, err := Parse(pattern)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error = %v, want a *SyntaxError", pattern, err)
			}
			if !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", se.Msg, tt.msg)
			}
			if tt.column != 0 && se.Column != tt.column {
				t.Errorf("column = %d, want %d (%v)", se.Column, tt.column, err)
			}
		})
	}
}

// cis41 is the CIS AWS Foundations v4.0 4.1 pattern exactly as the benchmark prints it.
const cis41 = `{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }`

const cis47 = `{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }`

func TestEquivalent(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", cis41, cis41, true},
		{"spacing and quotes", `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`,
			`{$.eventName=ConsoleLogin&&$.additionalEventData.MFAUsed!=Yes}`, true},
		{"operand order", cis41,
			`{ ($.eventName!="HeadBucket") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.errorCode ="AccessDenied*") || ($.errorCode ="*UnauthorizedOperation") }`, true},
		{"distributed", cis47,
			`{ ($.eventName = DisableKey && $.eventSource = "kms.amazonaws.com") || ($.eventSource = kms.amazonaws.com && $.eventName = ScheduleKeyDeletion) }`, true},
		{"absorbed branch", `{ $.a = 1 }`, `{ $.a = 1 || ($.a = 1 && $.b = 2) }`, true},
		{"missing clause", cis41,
			`{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") }`, false},
		{"extra and clause", `{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != Yes }`,
			`{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != Yes && $.userIdentity.type = IAMUser }`, false},
		{"extra or branch", `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }`,
			`{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = GetTrail) }`, false},
		{"precedence changes meaning", `{ $.a = 1 || $.b = 2 && $.c = 3 }`, `{ ($.a = 1 || $.b = 2) && $.c = 3 }`, false},
		{"different value", `{ $.a = Root }`, `{ $.a = root }`, false},
		{"number is not a string", `{ $.a = 400 }`, `{ $.a = "400" }`, false},
		{"number spellings", `{ $.a = 1e3 }`, `{ $.a = 1000.0 }`, true},
		{"terms order", "ERROR Exception", `"Exception" ERROR`, true},
		{"or terms are not and terms", "?ERROR ?Exception", "ERROR Exception", false},
		{"json is not terms", `{ $.a = ERROR }`, "ERROR", false},
		{"delimited spacing", `[ip,user,...,status_code=4*,bytes]`, `[ip, user, ..., status_code = "4*", bytes]`, true},
		{"delimited field names matter", `[a, b = 1]`, `[a, c = 1]`, false},
		{"delimited positions matter", `[a, ..., b = 1]`, `[a, b = 1, ...]`, false},
		{"everything", "", `" "`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.a)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.a, err)
			}
			b, err := Parse(tt.b)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.b, err)
			}
			if got := Equivalent(a, b); got != tt.want {
				t.Errorf("Equivalent = %v, want %v\n a: %s\n b: %s", got, tt.want, a.Key(), b.Key())
			}
			if got := Equivalent(b, a); got != tt.want {
				t.Errorf("Equivalent is not symmetric")
			}
		})
	}
	if Equivalent(nil, nil) {
		t.Error("Equivalent(nil, nil) = true, want false")
	}
}

// TestEquivalentBeyondTheNormalFormBound checks that a pattern whose normal form would be
// too large is still compared, by its normalised tree.
func TestEquivalentBeyondTheNormalFormBound(t *testing.T) {
	var a, b []string
	for i := range 11 { // 2^11 conjuncts > maxDisjuncts
		a = append(a, "($.a"+string(rune('a'+i))+" = 1 || $.b"+string(rune('a'+i))+" = 2)")
		b = append(b, "($.b"+string(rune('a'+i))+" = 2 || $.a"+string(rune('a'+i))+" = 1)")
	}
	slices.Reverse(b)
	pa, err := Parse("{ " + strings.Join(a, " && ") + " }")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := Parse("{" + strings.Join(b, "&&") + "}")
	if err != nil {
		t.Fatal(err)
	}
	if pa.dnf != nil {
		t.Fatalf("normal form has %d conjuncts, want it over the bound", len(pa.dnf))
	}
	if !Equivalent(pa, pb) {
		t.Errorf("reordered patterns are not equivalent:\n%s\n%s", pa.Key(), pb.Key())
	}
	pc, err := Parse("{ " + strings.Join(a[1:], " && ") + " }")
	if err != nil {
		t.Fatal(err)
	}
	if Equivalent(pa, pc) {
		t.Error("a pattern missing a clause is equivalent")
	}
	// Without a normal form, what a pattern catches is judged on all its required atoms.
	if got := pa.Catches(); len(got) != 0 {
		t.Errorf("Catches() = %v, want nothing", got)
	}
	pd, err := Parse("{ " + strings.Join(a, " && ") + ` && ($.level = FATAL || $.x != ERROR) }`)
	if err != nil {
		t.Fatal(err)
	}
	if got := pd.Catches(); !slices.Equal(got, []string{CatchError}) {
		t.Errorf("Catches() = %v, want [error]", got)
	}
}

func TestCatches(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{"ERROR", []string{CatchError}},
		{"error", []string{CatchError}},
		{"?ERROR ?FATAL ?PANIC", []string{CatchError}},
		{`"*Exception*"`, []string{CatchError}},
		{"java.lang.NullPointerException", []string{CatchError}},
		{`"ORA-00600"`, []string{CatchError}},
		{`{ $.level = "error" }`, []string{CatchError}},
		{`{ $.severity = %ERROR|FATAL% }`, []string{CatchError}},
		{`[time, level = ERROR, msg]`, []string{CatchError}},
		{`"Out of memory"`, []string{CatchOutOfMemory}},
		{"out of memory", []string{CatchOutOfMemory}},
		{"OutOfMemory", []string{CatchOutOfMemory}},
		{"OOM", []string{CatchOutOfMemory}},
		{`"OOM command not allowed"`, []string{CatchOutOfMemory}},
		{`"Cannot allocate memory"`, []string{CatchOutOfMemory}},
		{"java.lang.OutOfMemoryError", []string{CatchError, CatchOutOfMemory}},
		{`"password authentication failed"`, []string{CatchAuthFailure}},
		{`password authentication failed`, []string{CatchAuthFailure}},
		{`"Access denied for user"`, []string{CatchAuthFailure}},
		{`"Login failed for user"`, []string{CatchAuthFailure}},
		{`FATAL "password authentication failed"`, []string{CatchAuthFailure, CatchError}},
		{`"no pg_hba.conf entry"`, []string{CatchAuthFailure}},
		{`?ERROR ?"Out of memory" ?"authentication failed"`, []string{CatchAuthFailure, CatchError, CatchOutOfMemory}},
		{`{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`, []string{CatchAuthFailure}},
		{"-ERROR", nil},
		{"INFO -ERROR", nil},
		{`{ $.level != "error" }`, nil},
		{`{ $.errorCode = * }`, nil},
		{"ERRORCODE", nil},
		{"Exiting", nil},
		{"", nil},
		{`{ unparsable`, nil},
		{cis41, nil},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := Catches(tt.pattern)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Catches(%q) = %v, want %v", tt.pattern, got, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindAll: "all", KindTerms: "terms", KindJSON: "json", KindDelimited: "delimited", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
