package aws

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/storewatch/storewatch/inventory"
)

// sendFailed reports whether an operation's request never reached its endpoint. A failure
// of a nested call of another service (the EC2 metadata service or SSO, in the credential
// chain) is the credentials', not the endpoint's.
func sendFailed(err error) bool {
	var op *smithy.OperationError
	if !errors.As(err, &op) {
		return false
	}
	var inner *smithy.OperationError
	if errors.As(op.Err, &inner) && inner.ServiceID != op.ServiceID {
		return false
	}
	var send *smithyhttp.RequestSendError
	return errors.As(op.Err, &send)
}

// Error classes. A collection error keeps the AWS error code; the class is what the
// collector and its summary act on.
const (
	classDenied      = "denied"
	classThrottled   = "throttled"
	classUnsupported = "unsupported"
	classTimeout     = "timeout"
	classCanceled    = "canceled"
	classNotFound    = "not-found"
	classExpired     = "expired"
	classOther       = "other"
)

// Codes AWS services use for a missing permission (including a service control policy's
// explicit deny, which arrives as one of these).
var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"AuthorizationError": true, "AuthorizationErrorException": true, "NotAuthorized": true,
	"Forbidden": true, "UnauthorizedAccess": true, "AccessDeniedFault": true,
}

// Codes for throttling that outlived the SDK's retries.
var throttledCodes = map[string]bool{
	"Throttling": true, "ThrottlingException": true, "ThrottledException": true,
	"RequestThrottledException": true, "TooManyRequestsException": true,
	"ProvisionedThroughputExceededException": true, "RequestLimitExceeded": true,
	"BandwidthLimitExceeded": true, "RequestThrottled": true, "SlowDown": true,
	"PriorRequestNotComplete": true, "EC2ThrottledException": true, "LimitExceededException": true,
}

// Codes for a service or operation that does not exist in a region or partition, or an
// opt-in region the account has not enabled.
var unsupportedCodes = map[string]bool{
	"UnsupportedOperation": true, "UnsupportedOperationException": true, "InvalidAction": true,
	"UnknownOperationException": true, "OptInRequired": true, "NotImplemented": true,
	"UnrecognizedClientException": true, "SubscriptionRequiredException": true,
}

// Codes for credentials that expired or are not valid (an expired session mid-scan).
var expiredCodes = map[string]bool{
	"ExpiredToken": true, "ExpiredTokenException": true, "RequestExpired": true,
	"InvalidClientTokenId": true, "InvalidToken": true, "TokenRefreshRequired": true,
}

// Codes with which services answer "this feature is not configured" rather than
// "this could not be read": collectors turn them into facts.
var notConfiguredCodes = map[string]bool{
	"AWSOrganizationsNotInUseException": true, "InsightNotEnabledException": true,
	"ObjectLockConfigurationNotFoundError": true,
}

// classification is what classify learned from an error.
type classification struct {
	class   string
	code    string
	message string
}

// classify maps an error from an SDK call to a class and a code. It is the only place that
// inspects AWS errors: collectors ask isCode for the few codes that mean "not configured"
// (NoSuchBucketPolicy, ...) and hand everything else here.
func classify(err error) classification {
	switch {
	case err == nil:
		return classification{}
	case errors.Is(err, context.Canceled):
		return classification{class: classCanceled, code: inventory.CodeCanceled, message: "collection was interrupted"}
	case errors.Is(err, context.DeadlineExceeded):
		return classification{class: classTimeout, code: inventory.CodeTimeout, message: "the call did not finish in time"}
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		code := api.ErrorCode()
		msg := api.ErrorMessage()
		c := classification{code: code, message: msg}
		switch {
		case deniedCodes[code], strings.Contains(strings.ToLower(msg), "explicit deny"):
			c.class = classDenied
		case throttledCodes[code]:
			c.class = classThrottled
		case expiredCodes[code]:
			c.class = classExpired
		case unsupportedCodes[code]:
			c.class = classUnsupported
		case notConfiguredCodes[code], strings.HasSuffix(code, "NotFound"), strings.HasSuffix(code, "NotFoundException"),
			strings.HasSuffix(code, "NotFoundFault"), strings.HasPrefix(code, "NoSuch"):
			c.class = classNotFound
		default:
			c.class = classOther
		}
		if code == "" {
			c.code = httpCode(err)
		}
		return c
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return classification{class: classTimeout, code: inventory.CodeTimeout, message: "the call did not finish in time"}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		// No endpoint: the service does not exist in this region or partition.
		return classification{class: classUnsupported, code: inventory.CodeUnsupported, message: "no endpoint for the service in this region"}
	}
	var endpoint *endpointError
	if errors.As(err, &endpoint) {
		return classification{class: classUnsupported, code: inventory.CodeUnsupported, message: endpoint.Error()}
	}
	if code := httpCode(err); code != "" {
		return classification{class: classOther, code: code, message: shorten(err.Error())}
	}
	return classification{class: classOther, code: inventory.CodeNetwork, message: shorten(err.Error())}
}

// endpointError marks a client that could not be built for a region.
type endpointError struct{ msg string }

func (e *endpointError) Error() string { return e.msg }

// httpCode names an HTTP error response that carried no AWS error code.
func httpCode(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() != 0 {
		return "HTTP" + strconv.Itoa(re.HTTPStatusCode())
	}
	return ""
}

// isCode reports whether err is an AWS error with one of the codes. Collectors use it for
// the answers that mean "not configured" rather than "could not read".
func isCode(err error, codes ...string) bool {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return false
	}
	for _, c := range codes {
		if api.ErrorCode() == c {
			return true
		}
	}
	return false
}

// maxMessage bounds an error message kept in a snapshot: AWS messages are short, and a
// long one is more likely noise (an HTML error page from a proxy) than information.
const maxMessage = 300

func shorten(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxMessage {
		return s
	}
	return s[:maxMessage] + "…"
}

// collectionError builds the snapshot record of a failed call.
func collectionError(account, region string, op Operation, resource string, err error) inventory.CollectionError {
	c := classify(err)
	return inventory.CollectionError{
		Source:    inventory.SourceAWS,
		AccountID: account,
		Region:    region,
		Service:   op.Service(),
		Operation: string(op),
		Resource:  resource,
		Code:      c.code,
		Message:   shorten(c.message),
	}
}
