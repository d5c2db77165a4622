package aws

import (
	"context"
	"slices"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// ServiceStats counts the API calls made to one service.
type ServiceStats struct {
	Service string `json:"service"`
	// Calls counts HTTP requests, retries included: what AWS bills and throttles.
	Calls int `json:"calls"`
	// Throttled counts the requests AWS answered with a throttling error.
	Throttled int `json:"throttled"`
	// Failed counts the requests answered with another error ("not configured" answers,
	// such as NoSuchBucketPolicy, are answers, not failures).
	Failed int `json:"failed"`
}

// Stats counts API calls by service and by operation. It is safe for concurrent use.
type Stats struct {
	mu        sync.Mutex
	services  map[string]*ServiceStats
	perOp     map[Operation]int
	listeners []func()
}

// NewStats returns empty counters.
func NewStats() *Stats {
	return &Stats{services: map[string]*ServiceStats{}, perOp: map[Operation]int{}}
}

// middleware counts each attempt. It sits in the deserialize step, inside the retry loop,
// and after the response is decoded, so it sees every attempt and its error code.
func (st *Stats) middleware(stack *middleware.Stack) error {
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("StorewatchStats",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, md, err := next.HandleDeserialize(ctx, in)
			op := Operation(servicePrefix(awsmiddleware.GetServiceID(ctx)) + ":" + awsmiddleware.GetOperationName(ctx))
			st.record(op, err)
			return out, md, err
		}), middleware.Before)
}

func (st *Stats) record(op Operation, err error) {
	st.mu.Lock()
	s := st.services[op.Service()]
	if s == nil {
		s = &ServiceStats{Service: op.Service()}
		st.services[op.Service()] = s
	}
	s.Calls++
	st.perOp[op]++
	if err != nil {
		switch classify(err).class {
		case classThrottled:
			s.Throttled++
		case classCanceled, classNotFound:
			// An interruption is not a failure of AWS's, and "not configured" is an answer.
		default:
			s.Failed++
		}
	}
	listeners := st.listeners
	st.mu.Unlock()
	for _, l := range listeners {
		l()
	}
}

// OnCall registers fn to be called after every counted request (progress displays use
// it); fn must be quick and must not call back into Stats while it holds locks of its own.
func (st *Stats) OnCall(fn func()) {
	st.mu.Lock()
	st.listeners = append(st.listeners, fn)
	st.mu.Unlock()
}

// Services returns the counters per service, sorted by service.
func (st *Stats) Services() []ServiceStats {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]ServiceStats, 0, len(st.services))
	for _, s := range st.services {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b ServiceStats) int { return strings.Compare(a.Service, b.Service) })
	return out
}

// Total sums the counters of every service.
func (st *Stats) Total() ServiceStats {
	t := ServiceStats{Service: "total"}
	for _, s := range st.Services() {
		t.Calls += s.Calls
		t.Throttled += s.Throttled
		t.Failed += s.Failed
	}
	return t
}

// Operations returns the requests made per operation, named as the catalogue names them.
func (st *Stats) Operations() map[Operation]int {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make(map[Operation]int, len(st.perOp))
	for k, v := range st.perOp {
		out[k] = v
	}
	return out
}

// servicePrefixes maps the SDK's service ids to the IAM service prefixes operations use.
var servicePrefixes = map[string]string{
	"CloudTrail": "cloudtrail", "CloudWatch": "cloudwatch", "CloudWatch Logs": "logs", "SNS": "sns",
	"RDS": "rds", "DynamoDB": "dynamodb", "Application Auto Scaling": "application-autoscaling",
	"S3": "s3", "S3 Control": "s3control", "Redshift": "redshift", "Redshift Serverless": "redshift-serverless",
	"ElastiCache": "elasticache", "OpenSearch": "es", "MemoryDB": "memorydb", "KMS": "kms", "STS": "sts",
	"Organizations": "organizations", "EC2": "ec2",
}

func servicePrefix(serviceID string) string {
	if p, ok := servicePrefixes[serviceID]; ok {
		return p
	}
	return strings.ToLower(strings.ReplaceAll(serviceID, " ", "-"))
}
