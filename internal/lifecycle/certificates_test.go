package lifecycle_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// A name held by another uploaded certificate is a NameTakenError naming
// it; uploading the same certificate under the same name again (an earlier
// run's answer lost and never settled) adopts it.
func TestUploadCertificate_nameTaken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	first := newCert(t, "m.shop.example.com")
	id, err := e.engine.UploadCertificate(ctx, first.upload("taken"), first.fingerprint)
	if err != nil {
		t.Fatal(err)
	}

	other := newCert(t, "m.shop.example.com")
	_, err = e.engine.UploadCertificate(ctx, other.upload("taken"), other.fingerprint)
	var taken *lifecycle.NameTakenError
	if !errors.As(err, &taken) || taken.CertID != id || taken.Fingerprint != first.fingerprint || taken.Name != "taken" {
		t.Fatalf("uploading another certificate as taken: %v; want a NameTakenError naming certificate %d, fingerprint %s", err, id, first.fingerprint)
	}
	if !cas.NameTaken(err) {
		t.Errorf("the NameTakenError does not carry CAS's refusal: %v", err)
	}

	again, err := e.engine.UploadCertificate(ctx, first.upload("taken"), first.fingerprint)
	if err != nil || again != id {
		t.Fatalf("uploading the same certificate again: %d, %v; want the first upload, %d", again, err, id)
	}
	if ids := e.uploadsNamed("taken"); len(ids) != 1 || ids[0] != id {
		t.Errorf("certificates named taken: %v; want %d alone", ids, id)
	}
	if n := e.sent.count("UploadUserCertificate"); n != 3 {
		t.Errorf("UploadUserCertificate sent %d times; want 3, once per call", n)
	}
}

// A name held by a bought certificate (which uploads do not list) is a
// NameTakenError too, naming no certificate.
func TestUploadCertificate_nameOfBoughtCertificate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cert := newCert(t, "m.shop.example.com")
	_, err := e.engine.UploadCertificate(context.Background(), cert.upload("shop.example.com"), cert.fingerprint)
	var taken *lifecycle.NameTakenError
	if !errors.As(err, &taken) || taken.CertID != 0 || !cas.NameTaken(err) {
		t.Fatalf("uploading as the bought certificate's name: %v; want a NameTakenError with CAS's refusal", err)
	}
}

// A lost answer settled by finding the name held by another certificate
// is a NameTakenError naming it, whose message says nothing of "<nil>".
func TestUploadCertificate_nameTakenFoundWhileSettling(t *testing.T) {
	t.Parallel()
	// The first upload (the other certificate) is stored and answered 503;
	// the second (the engine's) is answered 503 and not stored.
	e := newEnv(t, failAfter("UploadUserCertificate", "ServiceUnavailable"),
		emulator.Fault{Action: "UploadUserCertificate", Times: 1, Fail: &emulator.Failure{Code: "ServiceUnavailable"}})
	ctx := context.Background()
	other := newCert(t, "m.shop.example.com")
	if _, err := e.check.UploadUserCertificate(ctx, other.upload("settled_taken")); err == nil {
		t.Fatal("the first fault did not apply")
	}
	held := e.uploadsNamed("settled_taken")
	if len(held) != 1 {
		t.Fatalf("certificates named settled_taken: %v; want the other one", held)
	}

	mine := newCert(t, "m.shop.example.com")
	_, err := e.engine.UploadCertificate(ctx, mine.upload("settled_taken"), mine.fingerprint)
	var taken *lifecycle.NameTakenError
	if !errors.As(err, &taken) || taken.CertID != held[0] || taken.Fingerprint != other.fingerprint {
		t.Fatalf("err = %v; want a NameTakenError naming certificate %d", err, held[0])
	}
	if strings.Contains(err.Error(), "<nil>") || strings.Contains(err.Error(), "%!") {
		t.Errorf("the message shows a missing cause: %q", err.Error())
	}
	if n := e.sent.count("UploadUserCertificate"); n != 2 {
		t.Errorf("UploadUserCertificate sent %d times; want 2 (the other's, then the engine's once)", n)
	}
}
