package awstest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Call is one request the proxy saw.
type Call struct {
	// Operation is service:Action, named as storewatch's collector names operations
	// (rds:DescribeDBInstances, s3:GetBucketLogging, s3control:GetPublicAccessBlock).
	Operation string
	Region    string
	// Fault is the fault injected, "" when the request reached moto or an answer.
	Fault FaultKind
	// At is when the request arrived.
	At time.Time
}

// FaultKind is a fault the proxy injects.
type FaultKind string

// Faults.
const (
	Throttle     FaultKind = "throttle"
	AccessDenied FaultKind = "access-denied"
	ServerError  FaultKind = "server-error"
	Expired      FaultKind = "expired-token"
	Reset        FaultKind = "connection-reset"
	Latency      FaultKind = "latency"
)

// Fault injects a fault into matching requests.
type Fault struct {
	// Operation matches service:Action exactly; a value ending in ":*" matches every
	// operation of the service, and "*" every request.
	Operation string
	// Region restricts the fault to one region when set.
	Region string
	// Body restricts the fault to requests whose body contains the string (a role ARN,
	// a table name).
	Body string
	// Path restricts the fault to requests whose URL path contains the string (an S3
	// bucket).
	Path string
	Kind FaultKind
	// Times is how many matching requests get the fault; 0 means all.
	Times int
	// After lets the first After matching requests through unharmed: a session that
	// expires mid-scan, a storm that starts once the scan is under way.
	After int
	// Delay is the added latency of a Latency fault.
	Delay time.Duration

	hits, passed int
}

// Answer serves an operation moto lacks: it returns the status and JSON or XML body.
type Answer func(r *http.Request, body []byte) (status int, contentType string, payload string)

// Proxy forwards requests to moto, injecting faults and recording operations.
type Proxy struct {
	// URL is the proxy's endpoint; point the SDK (AWS_ENDPOINT_URL) at it.
	URL string

	// target is moto's URL, for answers that ask moto more than once.
	target  string
	srv     *httptest.Server
	rp      *httputil.ReverseProxy
	mu      sync.Mutex
	faults  []*Fault
	calls   []Call
	answers map[string]Answer
	// rewrites change moto's answer to an operation before the SDK reads it.
	rewrites map[string]func([]byte) []byte
	limiter  limiter
	emulated
}

type opKey struct{}

// NewProxy starts a proxy in front of target (moto's URL) and stops it when the test
// ends.
func NewProxy(tb interface{ Cleanup(func()) }, target string) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("parse moto url: %w", err)
	}
	p := &Proxy{target: target, rp: httputil.NewSingleHostReverseProxy(u), rewrites: map[string]func([]byte) []byte{}}
	p.answers = p.defaultAnswers()
	p.rp.ModifyResponse = p.rewrite
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	tb.Cleanup(p.srv.Close)
	return p, nil
}

// Inject adds faults.
func (p *Proxy) Inject(faults ...Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range faults {
		f := faults[i]
		p.faults = append(p.faults, &f)
	}
}

// ClearFaults removes every fault.
func (p *Proxy) ClearFaults() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = nil
}

// Answer serves an operation from fn instead of moto.
func (p *Proxy) Answer(operation string, fn Answer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.answers[operation] = fn
}

// Calls returns the requests seen so far, in order.
func (p *Proxy) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.calls)
}

// ResetCalls forgets the requests seen so far.
func (p *Proxy) ResetCalls() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = nil
}

// Operations counts the requests per operation.
func (p *Proxy) Operations() map[string]int {
	out := map[string]int{}
	for _, c := range p.Calls() {
		out[c.Operation]++
	}
	return out
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	service, region := credentialScope(r.Header.Get("Authorization"))
	op := operation(r, service, body)
	fault := p.match(op, region, r.URL.Path, body)
	now := time.Now()
	latency, admitted := p.limiter.admit(op, region, now)
	if !admitted {
		fault = &Fault{Kind: Throttle}
	}
	p.mu.Lock()
	call := Call{Operation: op, Region: region, At: now}
	if fault != nil {
		call.Fault = fault.Kind
	}
	p.calls = append(p.calls, call)
	answer := p.answers[op]
	p.mu.Unlock()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if fault != nil {
		switch fault.Kind {
		case Latency:
			select {
			case <-time.After(fault.Delay):
			case <-r.Context().Done():
				return
			}
		case Reset:
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
					return
				}
			}
			http.Error(w, "reset", http.StatusBadGateway)
			return
		default:
			writeError(w, protocolOf(op), fault.Kind, op)
			return
		}
	}
	if answer != nil {
		status, ct, payload := answer(r, body)
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, payload)
		return
	}
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), opKey{}, op)))
}

// Rewrite changes moto's answers to an operation.
func (p *Proxy) Rewrite(operation string, fn func([]byte) []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rewrites[operation] = fn
}

func (p *Proxy) rewrite(resp *http.Response) error {
	op, _ := resp.Request.Context().Value(opKey{}).(string)
	p.mu.Lock()
	fn := p.rewrites[op]
	p.mu.Unlock()
	if fn == nil || resp.StatusCode != http.StatusOK {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return fmt.Errorf("read moto answer: %w", err)
	}
	body = fn(body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}

func (p *Proxy) match(op, region, path string, body []byte) *Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, f := range p.faults {
		if f.Times > 0 && f.hits >= f.Times {
			continue
		}
		if f.Region != "" && f.Region != region {
			continue
		}
		if f.Body != "" && !bytes.Contains(body, []byte(f.Body)) {
			continue
		}
		if f.Path != "" && !strings.Contains(path, f.Path) {
			continue
		}
		svc, _, _ := strings.Cut(op, ":")
		if f.Operation == "*" || f.Operation == op || f.Operation == svc+":*" {
			if f.passed < f.After {
				f.passed++
				continue
			}
			f.hits++
			return f
		}
	}
	return nil
}

var credentialRE = regexp.MustCompile(`Credential=[^/]+/[0-9]{8}/([^/]+)/([^/]+)/aws4_request`)

// credentialScope reads the signing region and service from a SigV4 Authorization header.
func credentialScope(auth string) (service, region string) {
	m := credentialRE.FindStringSubmatch(auth)
	if m == nil {
		return "", ""
	}
	return m[2], m[1]
}

// signingNames maps SigV4 signing names to the collector's service prefixes where they
// differ.
var signingNames = map[string]string{"monitoring": "cloudwatch"}

// operation names the request as service:Action, from the protocol's own marker: the
// X-Amz-Target header (JSON protocols), the Action parameter (query protocols), the
// Smithy RPC v2 path, or the method and path of the REST APIs the collector calls.
func operation(r *http.Request, service string, body []byte) string {
	prefix := service
	if p, ok := signingNames[service]; ok {
		prefix = p
	}
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		_, action, _ := strings.Cut(t, ".")
		return prefix + ":" + action
	}
	if _, action, ok := strings.Cut(r.URL.Path, "/operation/"); ok {
		return prefix + ":" + action
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") != "" {
			return prefix + ":" + v.Get("Action")
		}
	}
	switch service {
	case "s3":
		if strings.HasPrefix(r.URL.Path, "/v20180820/") {
			return "s3control:" + s3ControlOperation(r)
		}
		return "s3:" + s3Operation(r)
	case "es":
		return "es:" + openSearchOperation(r)
	}
	return prefix + ":" + r.Method + " " + r.URL.Path
}

// s3Operation names the S3 REST calls by method, path depth and subresource. Only what
// the collector and the seeding call is named; anything else is reported raw, which
// fails the read-only test loudly.
func s3Operation(r *http.Request) string {
	q := r.URL.Query()
	path := strings.Trim(r.URL.Path, "/")
	if path == "" {
		if r.Method == http.MethodGet {
			return "ListBuckets"
		}
		return r.Method + " /"
	}
	if strings.Contains(path, "/") {
		return r.Method + "Object"
	}
	get := map[string]string{
		"location": "GetBucketLocation", "logging": "GetBucketLogging", "versioning": "GetBucketVersioning",
		"publicAccessBlock": "GetPublicAccessBlock", "policyStatus": "GetBucketPolicyStatus", "acl": "GetBucketAcl",
		"policy": "GetBucketPolicy", "notification": "GetBucketNotificationConfiguration",
		"object-lock": "GetObjectLockConfiguration", "lifecycle": "GetBucketLifecycleConfiguration",
	}
	for sub, name := range get {
		if !q.Has(sub) {
			continue
		}
		if r.Method == http.MethodGet {
			return name
		}
		return r.Method + " ?" + sub
	}
	if q.Has("metrics") {
		if r.Method == http.MethodGet && q.Get("id") == "" {
			return "ListBucketMetricsConfigurations"
		}
		return r.Method + " ?metrics"
	}
	switch r.Method {
	case http.MethodPut:
		return "CreateBucket"
	case http.MethodHead:
		return "HeadBucket"
	case http.MethodGet:
		return "ListObjects"
	}
	return r.Method + " bucket"
}

func s3ControlOperation(r *http.Request) string {
	if strings.HasSuffix(r.URL.Path, "/configuration/publicAccessBlock") {
		switch r.Method {
		case http.MethodGet:
			return "GetPublicAccessBlock"
		case http.MethodPut:
			return "PutPublicAccessBlock"
		}
	}
	return r.Method + " " + r.URL.Path
}

func openSearchOperation(r *http.Request) string {
	p := r.URL.Path
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(p, "/domain"):
		return "ListDomainNames"
	case r.Method == http.MethodPost && strings.HasSuffix(p, "/opensearch/domain-info"):
		return "DescribeDomains"
	case r.Method == http.MethodPost && strings.HasSuffix(p, "/opensearch/domain"):
		return "CreateDomain"
	}
	return r.Method + " " + p
}

type protocol int

const (
	protoJSON protocol = iota
	protoQuery
	protoEC2
	protoS3
	protoS3Control
	protoRESTJSON
)

func protocolOf(op string) protocol {
	svc, _, _ := strings.Cut(op, ":")
	switch svc {
	case "rds", "sns", "redshift", "elasticache", "sts", "cloudwatch":
		return protoQuery
	case "ec2":
		return protoEC2
	case "s3":
		return protoS3
	case "s3control":
		return protoS3Control
	case "es":
		return protoRESTJSON
	}
	return protoJSON
}

// errorCode gives the code each protocol family uses for a fault.
func errorCode(p protocol, k FaultKind, op string) (code string, status int) {
	switch k {
	case Throttle:
		switch p {
		case protoQuery:
			return "Throttling", http.StatusBadRequest
		case protoEC2:
			return "RequestLimitExceeded", http.StatusServiceUnavailable
		case protoS3, protoS3Control:
			return "SlowDown", http.StatusServiceUnavailable
		}
		return "ThrottlingException", http.StatusBadRequest
	case AccessDenied:
		switch p {
		case protoQuery:
			if strings.HasPrefix(op, "sns:") {
				return "AuthorizationError", http.StatusForbidden
			}
			return "AccessDenied", http.StatusForbidden
		case protoEC2:
			return "UnauthorizedOperation", http.StatusForbidden
		case protoS3, protoS3Control:
			return "AccessDenied", http.StatusForbidden
		}
		return "AccessDeniedException", http.StatusBadRequest
	case Expired:
		if p == protoJSON || p == protoRESTJSON {
			return "ExpiredTokenException", http.StatusBadRequest
		}
		return "ExpiredToken", http.StatusBadRequest
	}
	return "InternalFailure", http.StatusInternalServerError
}

func writeError(w http.ResponseWriter, p protocol, k FaultKind, op string) {
	code, status := errorCode(p, k, op)
	msg := fmt.Sprintf("injected %s on %s", k, op)
	switch p {
	case protoQuery:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>storewatch-proxy</RequestId></ErrorResponse>`, code, msg)
	case protoEC2:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>storewatch-proxy</RequestID></Response>`, code, msg)
	case protoS3:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Error><Code>%s</Code><Message>%s</Message><RequestId>storewatch-proxy</RequestId></Error>`, code, msg)
	case protoS3Control:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error><RequestId>storewatch-proxy</RequestId></ErrorResponse>`, code, msg)
	case protoRESTJSON:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":%q}`, msg) //nolint:gosec // a test server's JSON error body, quoted; never rendered as HTML
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
	}
}
