// Package config reads storewatch.yaml: which rules run, their severities and parameters,
// the waivers and baseline files and the gate settings. Every key is also a flag and an
// environment variable (STOREWATCH_*); flags win over the environment, which wins over the
// file.
package config

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"
	jsv "github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/storewatch/storewatch/internal/fileutil"
	"github.com/storewatch/storewatch/internal/syntaxpos"
	"github.com/storewatch/storewatch/policies"
)

var printer = message.NewPrinter(language.English)

// DefaultFile is the configuration file looked for in the working directory.
const DefaultFile = "storewatch.yaml"

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("invalid configuration")

// File is storewatch.yaml.
type File struct {
	// Version of the configuration format; 1.
	Version int `json:"version" yaml:"version" jsonschema:"enum=1"`
	// Rules selects the rules that run.
	Rules Selection `json:"rules,omitempty" yaml:"rules"`
	// SeverityOverrides maps a rule id to the severity to report it with.
	SeverityOverrides map[string]string `json:"severity_overrides,omitempty" yaml:"severity_overrides" jsonschema:"additionalProperties=true"`
	// Params maps a rule id to its parameters, passed to Rego as data.storewatch.config.params.
	Params map[string]map[string]any `json:"params,omitempty" yaml:"params"`
	// Policy lists directories of users' own rules.
	Policy []string `json:"policy,omitempty" yaml:"policy"`
	// Waivers is the waivers file.
	Waivers string `json:"waivers,omitempty" yaml:"waivers"`
	// Baseline is the baseline file for --fail-on new.
	Baseline string `json:"baseline,omitempty" yaml:"baseline"`
	// FailOn is a severity, new or none.
	FailOn string `json:"fail_on,omitempty" yaml:"fail_on" jsonschema:"enum=critical,enum=high,enum=medium,enum=low,enum=info,enum=new,enum=none"`
	// FailOnUnknown also fails the gate on undecided checks.
	FailOnUnknown *bool `json:"fail_on_unknown,omitempty" yaml:"fail_on_unknown"`
	// Frameworks lists the frameworks whose control-by-control view reports include.
	Frameworks []string `json:"frameworks,omitempty" yaml:"frameworks"`
	// Outputs lists FORMAT=PATH outputs written on every run.
	Outputs []string `json:"outputs,omitempty" yaml:"outputs"`
}

// Selection chooses rules. A rule runs when it matches Include (all when empty), is not
// excluded, belongs to one of Services and Frameworks (when given) and is at least
// MinSeverity.
type Selection struct {
	// Include lists rule ids or globs (SW-LX-*).
	Include []string `json:"include,omitempty" yaml:"include"`
	// Exclude lists rule ids or globs never to run.
	Exclude []string `json:"exclude,omitempty" yaml:"exclude"`
	// Services lists services (rds, s3, cloudtrail, ...).
	Services []string `json:"services,omitempty" yaml:"services"`
	// Frameworks keeps the rules that map to one of these frameworks.
	Frameworks []string `json:"frameworks,omitempty" yaml:"frameworks"`
	// MinSeverity drops rules below it.
	MinSeverity string `json:"min_severity,omitempty" yaml:"min_severity" jsonschema:"enum=critical,enum=high,enum=medium,enum=low,enum=info"`
}

// Schema returns the JSON Schema of storewatch.yaml, generated from File.
func Schema() ([]byte, error) {
	r := &jsonschema.Reflector{FieldNameTag: "json", RequiredFromJSONSchemaTags: true}
	s := r.Reflect(&File{})
	s.ID = "https://storewatch.dev/schemas/config-1.json"
	s.Title = "storewatch.yaml"
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxConfigBytes bounds a configuration file: a few KiB in practice.
const maxConfigBytes = 16 << 20

// Load reads a configuration file. A missing file is an error only when it was named
// explicitly (required).
func Load(file string, required bool) (*File, error) {
	data, err := fileutil.ReadFileLimit(file, maxConfigBytes)
	if errors.Is(err, os.ErrNotExist) && !required {
		return &File{Version: 1}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	f, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	f.resolvePaths(filepath.Dir(file))
	return f, nil
}

// resolvePaths makes the file's relative paths relative to dir, the configuration's own
// directory, as most tools read theirs: a storewatch.yaml naming waivers.yaml beside it
// works whatever directory the scanner runs from (a CI step in a subdirectory, --config
// infra/storewatch.yaml). Paths given as flags stay relative to the working directory.
func (f *File) resolvePaths(dir string) {
	rel := func(p string) string {
		// "-" is standard output for an output, not a file.
		if p == "" || p == "-" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	f.Waivers = rel(f.Waivers)
	f.Baseline = rel(f.Baseline)
	for i := range f.Policy {
		f.Policy[i] = rel(f.Policy[i])
	}
	for i, o := range f.Outputs {
		if format, path, ok := strings.Cut(o, "="); ok {
			f.Outputs[i] = format + "=" + rel(path)
		}
	}
}

// Parse validates a configuration against its schema and decodes it. Errors name the file,
// the line and the offending key.
func Parse(file string, data []byte) (*File, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, problem := syntaxpos.YAML(data, err)
		return nil, fmt.Errorf("%w: %s:%d: %s", ErrConfig, file, line, problem)
	}
	if len(root.Content) == 0 {
		return &File{Version: 1}, nil
	}
	var doc any
	if err := root.Content[0].Decode(&doc); err != nil {
		return nil, decodeError(file, err)
	}
	doc = jsonCompatible(doc)
	if err := validate(doc); err != nil {
		var se *schemaError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%w: %s:%d: %s: %s", ErrConfig, file, lineOf(root.Content[0], se.tokens), pointer(se.tokens), se.reason)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrConfig, file, err)
	}
	var f File
	if err := root.Content[0].Decode(&f); err != nil {
		return nil, decodeError(file, err)
	}
	if f.Version == 0 {
		f.Version = 1
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrConfig, file, err)
	}
	return &f, nil
}

// decodeLine is the head of each of a yaml.TypeError's errors: "line 3: ...", counted from 1.
var decodeLine = regexp.MustCompile(`^line (\d+): `)

// decodeError is the error of decoding the parsed file, as FILE:LINE: problem. The library
// lists every problem under "yaml: unmarshal errors:", a line each; the first is enough to
// fix, and a message stays one line.
func decodeError(file string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		if m := decodeLine.FindStringSubmatch(te.Errors[0]); m != nil {
			return fmt.Errorf("%w: %s:%s: %s", ErrConfig, file, m[1], te.Errors[0][len(m[0]):])
		}
		return fmt.Errorf("%w: %s: %s", ErrConfig, file, te.Errors[0])
	}
	return fmt.Errorf("%w: %s: %w", ErrConfig, file, err)
}

// check validates what the schema cannot: globs, severities of overrides.
func (f *File) check() error {
	for _, g := range append(append([]string{}, f.Rules.Include...), f.Rules.Exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("rules: %q is not a valid glob", g)
		}
	}
	for id, sev := range f.SeverityOverrides {
		if _, err := policies.ParseSeverity(sev); err != nil {
			return fmt.Errorf("severity_overrides.%s: %w", id, err)
		}
	}
	for _, fw := range append(append([]string{}, f.Rules.Frameworks...), f.Frameworks...) {
		if _, ok := policies.FrameworkByKey(fw); !ok {
			return fmt.Errorf("frameworks: unknown framework %q", fw)
		}
	}
	return nil
}

// RuleParams returns Params in the shape the engine reads (policies.Options.Config's
// "params"), a fresh map that flags may add to.
func (f *File) RuleParams() map[string]any {
	params := make(map[string]any, len(f.Params))
	for id, kv := range f.Params {
		m := make(map[string]any, len(kv))
		for k, v := range kv {
			m[k] = v
		}
		params[id] = m
	}
	return params
}

// Selects reports whether the selection keeps a rule.
func (s Selection) Selects(r *policies.Rule) bool {
	if len(s.Include) > 0 && !matchAny(s.Include, r.ID) {
		return false
	}
	if matchAny(s.Exclude, r.ID) {
		return false
	}
	if len(s.Services) > 0 && !slices.Contains(s.Services, r.Service) {
		return false
	}
	if len(s.Frameworks) > 0 && !slices.ContainsFunc(s.Frameworks, func(fw string) bool { return len(r.Frameworks[fw]) > 0 }) {
		return false
	}
	if s.MinSeverity != "" && !r.Severity.AtLeast(policies.Severity(s.MinSeverity)) {
		return false
	}
	return true
}

func matchAny(globs []string, id string) bool {
	for _, g := range globs {
		if ok, _ := path.Match(g, id); ok {
			return true
		}
	}
	return false
}

// jsonCompatible turns YAML-decoded values into the shapes JSON Schema validation expects.
func jsonCompatible(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonCompatible(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = jsonCompatible(e)
		}
		return m
	case []any:
		for i := range x {
			x[i] = jsonCompatible(x[i])
		}
		return x
	case int:
		return json.Number(strconv.Itoa(x))
	case float64:
		return json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	}
	return v
}

type schemaError struct {
	tokens []string
	reason string
}

func (e *schemaError) Error() string { return pointer(e.tokens) + ": " + e.reason }

func validate(doc any) error {
	raw, err := Schema()
	if err != nil {
		return err
	}
	schemaDoc, err := jsv.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	c := jsv.NewCompiler()
	if err := c.AddResource("config.json", schemaDoc); err != nil {
		return err
	}
	sch, err := c.Compile("config.json")
	if err != nil {
		return err
	}
	err = sch.Validate(doc)
	var ve *jsv.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	leaf := ve
	for len(leaf.Causes) > 0 {
		leaf = leaf.Causes[0]
	}
	// An unknown key (a misspelt one, most often) is named at its own line, in words:
	// "additional properties 'failon_unknown' not allowed" pointed at the mapping's line.
	if ap, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok && len(ap.Properties) > 0 {
		return &schemaError{tokens: append(slices.Clone(leaf.InstanceLocation), ap.Properties[0]),
			reason: fmt.Sprintf("unknown key %q (scanner config schema lists the keys)", ap.Properties[0])}
	}
	return &schemaError{tokens: leaf.InstanceLocation, reason: leaf.ErrorKind.LocalizedString(printer)}
}

func pointer(tokens []string) string {
	if len(tokens) == 0 {
		return "/"
	}
	return "/" + strings.Join(tokens, "/")
}

// lineOf finds the line of the YAML node at a JSON pointer, for error messages.
func lineOf(n *yaml.Node, tokens []string) int {
	line := n.Line
	for _, t := range tokens {
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == t {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return line
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(t)
			if err != nil || i >= len(n.Content) {
				return line
			}
			n = n.Content[i]
			line = n.Line
		default:
			return line
		}
	}
	return line
}
