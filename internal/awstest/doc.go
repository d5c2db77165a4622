// Package awstest runs storewatch's collector against a real AWS API emulator: it starts
// moto on loopback, seeds an account through the SDK, and puts a fault-injecting reverse
// proxy of our own between the SDK and moto. The proxy adds latency, throttling, server
// errors, connection resets and AccessDenied per service and operation (with each
// protocol's own error shape), answers the operations moto lacks, and records every
// operation called, which is how the read-only guarantee is tested.
package awstest
