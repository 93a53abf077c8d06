package lifecycle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// A certificate instance's application (the V2 model): configured
// (UpdateInstance), submitted once (ApplyCertificate), proved by DNS records
// the caller publishes (or CAS itself, for zones the account hosts), then
// issued: the instance is normal and holds a new certificate. An
// application may be withdrawn while pending (CancelPendingCertificate). CAS
// answers none of these writes with anything but a RequestId, so each lost
// answer is settled by reading the instance back.

// InstanceSettings are what ConfigureInstance sets: an empty field is left
// as the instance has it.
type InstanceSettings = cas.UpdateInstanceRequest

// Instance reads an instance; one that does not exist is a *GoneError.
func (e *Engine) Instance(ctx context.Context, instanceID string) (*cas.InstanceDetail, error) {
	d, err := e.client.GetInstanceDetail(ctx, instanceID)
	if err != nil && cas.Classify(err).Kind == cas.KindNotFound {
		return nil, &GoneError{What: instanceName(instanceID), Err: err}
	}
	return d, err
}

func instanceName(id string) string { return "certificate instance " + id }

// ConfigureInstance sets the instance's application settings and returns
// the instance as it then is. A lost answer is settled by reading the
// settings back.
func (e *Engine) ConfigureInstance(ctx context.Context, s InstanceSettings) (*cas.InstanceDetail, error) {
	_, err := once(ctx, e, write[struct{}]{
		action: "UpdateInstance",
		do:     func(ctx context.Context) (struct{}, error) { return struct{}{}, e.client.UpdateInstance(ctx, s) },
		look: func(ctx context.Context) (struct{}, bool, error) {
			d, err := e.Instance(ctx, s.InstanceID)
			if err != nil {
				return struct{}{}, false, err
			}
			return struct{}{}, SettingsApplied(d, s), nil
		},
	})
	if err != nil {
		return nil, err
	}
	return e.Instance(ctx, s.InstanceID)
}

// SettingsApplied reports whether the instance holds every setting s sets.
// Province and City are not compared: CAS replaces them with the company's.
func SettingsApplied(d *cas.InstanceDetail, s InstanceSettings) bool {
	same := func(got *cas.String, want string) bool { return want == "" || strings.EqualFold(got.Value(), want) }
	if !same(d.CertificateName, s.CertificateName) || !same(d.Domain, s.Domain) || !same(d.GenerateCsrMethod, s.GenerateCsrMethod) ||
		!same(d.KeyAlgorithm, s.KeyAlgorithm) || !same(d.ValidationMethod, s.ValidationMethod) || !same(d.CountryCode, s.CountryCode) ||
		!same(d.AutoReissue, s.AutoReissue) || !same(d.ResourceGroupID, s.ResourceGroupID) ||
		(s.Csr != "" && strings.TrimSpace(d.Csr.Value()) != strings.TrimSpace(s.Csr)) ||
		(s.CompanyID != 0 && d.CompanyID.Value() != s.CompanyID) {
		return false
	}
	if s.ContactIDList != nil {
		got := make([]int64, len(d.ContactIDList))
		for i, id := range d.ContactIDList {
			got[i] = int64(id)
		}
		if !sameIDs(got, s.ContactIDList) {
			return false
		}
	}
	if s.Tags != nil {
		got := map[string]string{}
		for _, t := range d.Tags {
			got[t.TagKey.Value()] = t.TagValue.Value()
		}
		if !maps.Equal(got, s.Tags) {
			return false
		}
	}
	return true
}

// Application is one application Apply submitted (or found outstanding).
type Application struct {
	InstanceID string
	// PreviousCertID is the certificate the instance held before; 0: none.
	// Issuance is a certificate other than this one.
	PreviousCertID int64
}

// Apply submits the instance's application once. An application already
// outstanding (an earlier run's, whose answer was lost and never settled)
// is adopted, not submitted again. A lost answer is settled by the
// instance: pending, holding a new certificate, or with a new word from the
// CA means it was submitted.
func (e *Engine) Apply(ctx context.Context, instanceID string) (Application, error) {
	before, err := e.Instance(ctx, instanceID)
	if err != nil {
		return Application{InstanceID: instanceID}, err
	}
	app := Application{InstanceID: instanceID, PreviousCertID: before.CertificateID.Value()}
	if before.CurrentStatus() == cas.InstancePending {
		e.log.Info(ctx, fmt.Sprintf("certificate instance %s already has an application outstanding: waiting for it", instanceID),
			map[string]any{"instance_id": instanceID})
		return app, nil
	}
	_, err = once(ctx, e, write[struct{}]{
		action: "ApplyCertificate",
		do: func(ctx context.Context) (struct{}, error) {
			return struct{}{}, e.client.ApplyCertificate(ctx, instanceID)
		},
		look: func(ctx context.Context) (struct{}, bool, error) {
			d, err := e.Instance(ctx, instanceID)
			if err != nil {
				return struct{}{}, false, err
			}
			return struct{}{}, d.CurrentStatus() == cas.InstancePending || d.CertificateID.Value() != app.PreviousCertID ||
				d.PendingResult.Value() != before.PendingResult.Value(), nil
		},
	})
	return app, err
}

// ApplicationEndedError is an application that ended without a new
// certificate: validation failed, it was withdrawn, or the instance went
// somewhere else. Reason is what the CA last said (PendingResult).
type ApplicationEndedError struct {
	InstanceID string
	Status     cas.InstanceStatus
	Reason     string
}

func (e *ApplicationEndedError) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = "CAS gives no reason (PendingResult is empty)"
	}
	return fmt.Sprintf("the application of certificate instance %s ended without a certificate (the instance is %s): %s. "+
		"Check the validation records (published in the right zone, with the value CAS gave), then apply again",
		e.InstanceID, statusText(e.Status), reason)
}

func statusText(s cas.InstanceStatus) string {
	if s == "" {
		return "(no status)"
	}
	return string(s)
}

// IssuancePending are the statuses WaitForIssuance waits through.
var IssuancePending = []cas.InstanceStatus{cas.InstancePending}

// IssuanceTarget are the statuses of an instance holding its certificate.
var IssuanceTarget = []cas.InstanceStatus{cas.InstanceNormal, cas.InstanceWillExpire}

// Issued reports whether the application has ended in its certificate: the
// instance in a target status, holding an issued certificate other than the
// one it held before.
func (app Application) Issued(d *cas.InstanceDetail) bool {
	id := d.CertificateID.Value()
	status := d.CertificateStatus.Value()
	return slices.Contains(IssuanceTarget, d.CurrentStatus()) && id != 0 && id != app.PreviousCertID &&
		(status == cas.CertificateIssued || status == cas.CertificateWillExpire)
}

// WaitForIssuance polls the instance until the application ends. Issued,
// it returns the instance (CertificateId, CertIdentifier). Ended otherwise
// (the instance left pending without a new certificate), it is an
// *ApplicationEndedError carrying CAS's reason; the instance vanishing a
// *GoneError; ctx ending (the timeout) ctx's error. The instance last read
// comes with any error.
func (e *Engine) WaitForIssuance(ctx context.Context, app Application) (*cas.InstanceDetail, error) {
	var last *cas.InstanceDetail
	check := func(ctx context.Context) (bool, error) {
		d, err := e.Instance(ctx, app.InstanceID)
		if err != nil {
			return false, err
		}
		if last == nil || d.CurrentStatus() != last.CurrentStatus() || d.PendingResult.Value() != last.PendingResult.Value() {
			e.log.Info(ctx, fmt.Sprintf("certificate instance %s is %s (%s)", app.InstanceID, statusText(d.CurrentStatus()), d.PendingResult.Value()),
				map[string]any{"instance_id": app.InstanceID, "status": string(d.CurrentStatus()), "pending_result": d.PendingResult.Value()})
		}
		last = d
		switch {
		case app.Issued(d):
			return true, nil
		case slices.Contains(IssuancePending, d.CurrentStatus()):
			return false, nil
		}
		return false, &ApplicationEndedError{InstanceID: app.InstanceID, Status: d.CurrentStatus(), Reason: d.PendingResult.Value()}
	}
	if done, err := check(ctx); done || err != nil {
		return last, err
	}
	err := e.poll(ctx, check)
	return last, err
}

// AwaitValidationRecords polls a pending instance until CAS shows what to
// publish (the list lags the application by a few seconds) and returns it.
// An instance no longer pending needs nothing published: the records are
// nil.
func (e *Engine) AwaitValidationRecords(ctx context.Context, instanceID string) ([]ValidationRecord, *cas.InstanceDetail, error) {
	var last *cas.InstanceDetail
	check := func(ctx context.Context) (bool, error) {
		d, err := e.Instance(ctx, instanceID)
		last = d
		return err == nil && (d.DomainValidationList != nil || d.CurrentStatus() != cas.InstancePending), err
	}
	if done, err := check(ctx); !done && err == nil {
		err = e.poll(ctx, check)
		if err != nil {
			return nil, last, err
		}
	} else if err != nil {
		return nil, last, err
	}
	return ValidationRecords(last), last, nil
}

// Cancel withdraws the instance's outstanding application once and waits
// until CAS has settled it, returning the status it left the instance in.
// Nothing outstanding is no error: the instance's status is returned. A
// lost answer is settled by the instance: its records gone, or no longer
// pending.
func (e *Engine) Cancel(ctx context.Context, instanceID string) (cas.InstanceStatus, error) {
	d, err := e.Instance(ctx, instanceID)
	if err != nil {
		return "", err
	}
	if d.CurrentStatus() != cas.InstancePending {
		return d.CurrentStatus(), nil
	}
	_, err = once(ctx, e, write[struct{}]{
		action: "CancelPendingCertificate",
		do: func(ctx context.Context) (struct{}, error) {
			return struct{}{}, e.client.CancelPendingCertificate(ctx, instanceID)
		},
		look: func(ctx context.Context) (struct{}, bool, error) {
			d, err := e.Instance(ctx, instanceID)
			if err != nil {
				return struct{}{}, false, err
			}
			return struct{}{}, d.CurrentStatus() != cas.InstancePending || d.DomainValidationList == nil, nil
		},
	})
	// Refused as nothing is outstanding: withdrawn already, or validated and
	// about to be issued. Either way the instance leaves pending by itself.
	if err != nil && !cas.StatusNotSupported(err) {
		return cas.InstancePending, err
	}
	status := cas.InstancePending
	err = e.poll(ctx, func(ctx context.Context) (bool, error) {
		d, err := e.Instance(ctx, instanceID)
		if err != nil {
			return false, err
		}
		status = d.CurrentStatus()
		return status != cas.InstancePending, nil
	})
	return status, err
}

// ValidationRecord is one DNS record to publish, in the terms a DNS
// provider takes: DomainName the zone, RR the host record in it ("@" for
// the apex), Type TXT or CNAME (HTTP: a file, RR its path on Domain), Value.
// Domain is the name it proves.
type ValidationRecord struct {
	Domain     string
	DomainName string
	RR         string
	Type       string
	Value      string
}

// ValidationRecords are the records the instance asks for, by zone and
// host record; nil when none is outstanding. CAS's ValidationKey is the
// host record relative to RootDomain (_dnsauth.www under example.com); one
// written out in full is made relative.
func ValidationRecords(d *cas.InstanceDetail) []ValidationRecord {
	if d == nil || d.DomainValidationList == nil {
		return nil
	}
	records := []ValidationRecord{}
	for _, v := range d.DomainValidationList {
		r := ValidationRecord{Domain: v.Domain.Value(), DomainName: strings.TrimSuffix(v.RootDomain.Value(), "."),
			RR: strings.TrimSuffix(v.ValidationKey.Value(), "."), Type: strings.ToUpper(v.ValidationType.Value()), Value: v.ValidationValue.Value()}
		if r.DomainName == "" {
			r.DomainName = r.Domain
		}
		if r.Type != "HTTP" {
			switch {
			case strings.EqualFold(r.RR, r.DomainName):
				r.RR = "@"
			case strings.HasSuffix(strings.ToLower(r.RR), "."+strings.ToLower(r.DomainName)):
				r.RR = r.RR[:len(r.RR)-len(r.DomainName)-1]
			}
		}
		records = append(records, r)
	}
	slices.SortFunc(records, func(a, b ValidationRecord) int {
		return cmp.Or(cmp.Compare(a.DomainName, b.DomainName), cmp.Compare(a.RR, b.RR), cmp.Compare(a.Domain, b.Domain))
	})
	return records
}

// MatchedResources are the cloud resources whose domain a name of one of
// the certificates covers, by resource ID: where a deployment job could put
// them.
func (e *Engine) MatchedResources(ctx context.Context, certIDs ...int64) ([]cas.CloudResource, error) {
	if len(certIDs) == 0 {
		return nil, errors.New("GetMatchedResources: no certificate given")
	}
	resources, err := e.client.GetMatchedResources(ctx, certIDs)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(resources, func(a, b cas.CloudResource) int { return cmp.Compare(a.ID.Value(), b.ID.Value()) })
	return resources, nil
}
