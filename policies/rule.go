package policies

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/storewatch/storewatch/inventory"
)

// Rule is a rule's metadata: its METADATA annotation, typed and validated.
type Rule struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    Severity `json:"severity"`
	// SecuritySeverity is GitHub's 0.1–10 score; it must fall in the severity's band.
	SecuritySeverity float64  `json:"security_severity"`
	Service          string   `json:"service"`
	ResourceTypes    []string `json:"resource_types"`
	// Requires lists the API operations (service:Action) whose failure to collect makes
	// the rule's verdict unknown.
	Requires []string `json:"requires,omitempty"`
	// ScopedRequires lists operations of Requires whose failure makes the verdict unknown
	// only for the resources the rule's depends object lists under them: an error reading
	// one thing must not make the verdicts that never read it unknown (option groups decide
	// a MySQL instance's audit, not a PostgreSQL one's).
	ScopedRequires []string `json:"scoped_requires,omitempty"`
	// Collects lists further operations the rule's facts are resolved from. They are
	// collected and listed by iam-policy like Requires, but their failures are judged by
	// resolution, which knows which region and trail each link needs, rather than by the
	// engine's coarse rule (any failure of the operation in the account or region).
	Collects []string `json:"collects,omitempty"`
	// Fields lists the resource fields whose value, left unknown by a plan, makes the
	// rule's verdict unknown.
	Fields []string `json:"fields,omitempty"`
	// ScopedFields lists fields of Fields that only the resources the rule's depends object
	// lists under them read: a plan's unknown value of one leaves the others decided.
	ScopedFields []string `json:"scoped_fields,omitempty"`
	// AppliesFields lists the resource fields that decide whether the rule applies (an
	// engine, a setting the rule judges only when it is on). When a plan leaves one unknown,
	// the rule's applies set cannot exclude the resource: the verdict is unknown.
	AppliesFields []string `json:"applies_fields,omitempty"`
	// Dimension is the monitoring dimension the rule speaks to in the coverage matrix.
	Dimension string `json:"dimension,omitempty"`
	// Frameworks maps a framework key (aws-fsbp, cis-aws-v3.0, aws-config) to control ids.
	Frameworks  map[string][]string `json:"frameworks,omitempty"`
	Remediation Remediation         `json:"remediation"`
	// References are documentation URLs.
	References []string `json:"references,omitempty"`
	// Builtin is false for rules loaded with --policy.
	Builtin bool `json:"builtin"`
	// File and Line locate the METADATA block.
	File string `json:"file"`
	Line int    `json:"line"`

	pkg         ast.Ref
	hasDeny     bool
	hasUnknown  bool
	hasApplies  bool
	hasDepends  bool
	collections []string
}

// Remediation says how to fix a failing resource, three ways.
type Remediation struct {
	Console   string `json:"console"`
	CLI       string `json:"cli"`
	Terraform string `json:"terraform"`
}

// Monitoring dimensions of the coverage matrix.
const (
	DimensionAlarms           = "metric_alarms"
	DimensionAlarmActions     = "alarm_actions"
	DimensionLogExports       = "log_exports"
	DimensionManagementEvents = "management_events"
	DimensionDataEvents       = "data_events"
	DimensionIntegrity        = "integrity_validation"
	DimensionInsights         = "insights"
	DimensionNotifications    = "notifications"
)

// Dimensions lists the matrix dimensions in the order reports show them.
func Dimensions() []string {
	return []string{DimensionAlarms, DimensionAlarmActions, DimensionLogExports,
		DimensionManagementEvents, DimensionDataEvents, DimensionIntegrity,
		DimensionInsights, DimensionNotifications}
}

// Framework keys.
const (
	FrameworkFSBP      = "aws-fsbp"
	FrameworkCIS30     = "cis-aws-v3.0"
	FrameworkAWSConfig = "aws-config"
)

var (
	ruleIDPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)
	operationFormat = regexp.MustCompile(`^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$`)
)

// custom is the `custom` section of a rule's METADATA, decoded strictly.
type custom struct {
	ID               string              `json:"id"`
	Severity         string              `json:"severity"`
	SecuritySeverity *float64            `json:"security_severity"`
	Service          string              `json:"service"`
	ResourceTypes    []string            `json:"resource_types"`
	Requires         []string            `json:"requires"`
	ScopedRequires   []string            `json:"scoped_requires"`
	Collects         []string            `json:"collects"`
	Fields           []string            `json:"fields"`
	ScopedFields     []string            `json:"scoped_fields"`
	AppliesFields    []string            `json:"applies_fields"`
	Dimension        string              `json:"dimension"`
	Frameworks       map[string][]string `json:"frameworks"`
	Remediation      *Remediation        `json:"remediation"`
}

// ruleFromAnnotations validates a package's METADATA and returns the rule it describes.
func ruleFromAnnotations(a *ast.Annotations, pkg ast.Ref, file string) (*Rule, error) {
	line := 0
	if a.Location != nil {
		line = a.Location.Row
	}
	fail := func(format string, args ...any) error {
		return &MetadataError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	raw, err := json.Marshal(a.Custom)
	if err != nil {
		return nil, fail("custom: %v", err)
	}
	var c custom
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fail("custom: %v", err)
	}
	r := &Rule{
		ID:             c.ID,
		Title:          strings.TrimSpace(a.Title),
		Description:    strings.TrimSpace(a.Description),
		Service:        c.Service,
		ResourceTypes:  c.ResourceTypes,
		Requires:       c.Requires,
		ScopedRequires: c.ScopedRequires,
		Collects:       c.Collects,
		Fields:         c.Fields,
		ScopedFields:   c.ScopedFields,
		AppliesFields:  c.AppliesFields,
		Dimension:      c.Dimension,
		Frameworks:     c.Frameworks,
		File:           file,
		Line:           line,
		pkg:            pkg,
	}
	for _, rr := range a.RelatedResources {
		r.References = append(r.References, rr.Ref.String())
	}
	var problems []string
	if !ruleIDPattern.MatchString(r.ID) {
		problems = append(problems, fmt.Sprintf("custom.id %q is not an id such as SW-LX-01", r.ID))
	}
	if r.Title == "" {
		problems = append(problems, "title is missing")
	}
	if r.Description == "" {
		problems = append(problems, "description is missing")
	}
	sev, err := ParseSeverity(c.Severity)
	if err != nil {
		problems = append(problems, "custom.severity: "+err.Error())
	}
	r.Severity = sev
	r.SecuritySeverity = sev.DefaultSecuritySeverity()
	if c.SecuritySeverity != nil {
		r.SecuritySeverity = *c.SecuritySeverity
		if sev != "" && !sev.SecuritySeverityBand(r.SecuritySeverity) {
			problems = append(problems, fmt.Sprintf("custom.security_severity %.1f is outside the band of severity %s", r.SecuritySeverity, sev))
		}
	}
	if r.Service == "" {
		problems = append(problems, "custom.service is missing")
	}
	if len(r.ResourceTypes) == 0 {
		problems = append(problems, "custom.resource_types is missing")
	}
	for _, t := range r.ResourceTypes {
		coll, ok := inventory.CollectionOf(t)
		if !ok {
			problems = append(problems, fmt.Sprintf("custom.resource_types: %q is not a resource type storewatch models", t))
			continue
		}
		if !slices.Contains(r.collections, coll) {
			r.collections = append(r.collections, coll)
		}
	}
	for _, op := range r.Requires {
		if !operationFormat.MatchString(op) {
			problems = append(problems, fmt.Sprintf("custom.requires: %q is not an operation such as rds:DescribeDBInstances", op))
		}
	}
	for _, op := range r.ScopedRequires {
		if !slices.Contains(r.Requires, op) {
			problems = append(problems, fmt.Sprintf("custom.scoped_requires: %q is not in custom.requires", op))
		}
	}
	for _, op := range r.Collects {
		if !operationFormat.MatchString(op) {
			problems = append(problems, fmt.Sprintf("custom.collects: %q is not an operation such as cloudtrail:DescribeTrails", op))
		}
	}
	problems = append(problems, r.unmodelledFields("fields", r.Fields)...)
	for _, f := range r.ScopedFields {
		if !slices.Contains(r.Fields, f) {
			problems = append(problems, fmt.Sprintf("custom.scoped_fields: %q is not in custom.fields", f))
		}
	}
	problems = append(problems, r.unmodelledFields("applies_fields", r.AppliesFields)...)
	if r.Dimension != "" && !slices.Contains(Dimensions(), r.Dimension) {
		problems = append(problems, fmt.Sprintf("custom.dimension %q is not one of %s", r.Dimension, strings.Join(Dimensions(), ", ")))
	}
	for fw, ids := range r.Frameworks {
		if len(ids) == 0 {
			problems = append(problems, fmt.Sprintf("custom.frameworks.%s has no control ids", fw))
		}
	}
	if c.Remediation == nil || c.Remediation.Console == "" || c.Remediation.CLI == "" || c.Remediation.Terraform == "" {
		problems = append(problems, "custom.remediation needs console, cli and terraform")
	} else {
		r.Remediation = *c.Remediation
	}
	if len(problems) > 0 {
		return nil, fail("%s", strings.Join(problems, "; "))
	}
	return r, nil
}

// unmodelledFields names the fields of list that no item of the rule's resource types has: a
// misspelt field would never match a plan's unknown fields, and the verdict it should make
// unknown would be judged on a value the plan does not have.
func (r *Rule) unmodelledFields(key string, list []string) []string {
	var problems []string
	for _, f := range list {
		modelled := false
		for _, t := range r.ResourceTypes {
			names, ok := inventory.ItemFields(t)
			if ok && slices.Contains(names, f) {
				modelled = true
				break
			}
		}
		if !modelled {
			problems = append(problems, fmt.Sprintf("custom.%s: %q is not a field of %s", key, f, strings.Join(r.ResourceTypes, ", ")))
		}
	}
	return problems
}

// MetadataError is a rule whose METADATA is missing or wrong.
type MetadataError struct {
	File string
	Line int
	Msg  string
}

func (e *MetadataError) Error() string {
	return fmt.Sprintf("%s:%d: rule metadata: %s", e.File, e.Line, e.Msg)
}

// ErrNoRules is returned when a policy directory holds no rule.
var ErrNoRules = errors.New("no rules")

// Collections returns the snapshot collections the rule reads.
func (r *Rule) Collections() []string { return r.collections }

// AppliesTo reports whether the rule judges resources of the type.
func (r *Rule) AppliesTo(resourceType string) bool {
	return slices.Contains(r.ResourceTypes, resourceType)
}
