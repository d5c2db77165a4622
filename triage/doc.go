// Package triage decides what the findings mean for a run: it applies waivers and a
// baseline to them and passes the CI gate's verdict. Reporters only render its result.
package triage
