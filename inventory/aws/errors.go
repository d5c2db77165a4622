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

// notOfferedCodes are the codes with which a service answers that an operation does not
// exist at the endpoint called; notOfferedInRegion also wants the message to say the region.
var notOfferedCodes = map[string]bool{
	"UnsupportedOperation": true, "UnsupportedOperationException": true,
	"InvalidAction": true, "UnknownOperationException": true,
}

// notOfferedInRegion reports whether err is the service itself answering, for certain,
// that the operation is not offered in the region: one of notOfferedCodes with a message
// that says so of the region ("The functionality you requested is not available in this
// region"). An error of another service met on the way (STS, in the credential chain, whose
// RegionDisabledException is about the credentials), a name that does not resolve, an
// opt-in region not enabled (OptInRequired: resources may remain there), or the same code
// about a feature rather than the region are not.
func notOfferedInRegion(err error) bool {
	var op *smithy.OperationError
	if errors.As(err, &op) {
		var inner *smithy.OperationError
		if errors.As(op.Err, &inner) && inner.ServiceID != op.ServiceID {
			return false
		}
	}
	var api smithy.APIError
	if !errors.As(err, &api) || !notOfferedCodes[api.ErrorCode()] {
		return false
	}
	msg := strings.ToLower(api.ErrorMessage())
	if !strings.Contains(msg, "region") {
		return false
	}
	for _, says := range []string{"not available", "not supported", "unsupported", "not offered"} {
		if strings.Contains(msg, says) {
			return true
		}
	}
	return false
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
		// A service not offered in a region usually has no endpoint name there, but a
		// resolver that fails or filters answers the same: this is not proof that the
		// region has none of its resources, so it stays an error (unknown, never pass).
		return classification{class: classUnsupported, code: inventory.CodeUnsupported,
			message: "the endpoint's name did not resolve: the service may not be offered in this region, or DNS failed"}
	}
	if code := httpCode(err); code != "" {
		return classification{class: classOther, code: code, message: shorten(err.Error())}
	}
	return classification{class: classOther, code: inventory.CodeNetwork, message: shorten(err.Error())}
}

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
