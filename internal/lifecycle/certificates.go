package lifecycle

import (
	"context"
	"errors"
	"fmt"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// NameTakenError is an upload refused because another certificate has the
// name: one with other content (Fingerprint says which).
type NameTakenError struct {
	Name        string
	CertID      int64
	Fingerprint string // the other certificate's SHA-1, "" when CAS did not say
	Err         error  // the refusal
}

func (e *NameTakenError) Error() string {
	msg := fmt.Sprintf("the account already has a certificate named %q", e.Name)
	if e.CertID != 0 {
		msg = fmt.Sprintf("certificate %d is already named %q and holds another certificate (fingerprint %s)", e.CertID, e.Name, e.Fingerprint)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *NameTakenError) Unwrap() error { return e.Err }

// UploadCertificate uploads the certificate once and returns its ID. The
// upload is settled, when its answer is lost, and adopted, when CAS refuses
// the name as taken, by the uploaded certificate of that name: the same
// fingerprint (SHA-1, as cas.NormalFingerprint writes it) is this upload,
// made by a call whose answer was lost, now or in an earlier run; another
// is a *NameTakenError.
func (e *Engine) UploadCertificate(ctx context.Context, req cas.UploadUserCertificateRequest, fingerprint string) (int64, error) {
	look := func(ctx context.Context) (int64, bool, error) {
		found, err := e.FindUploaded(ctx, req.Name)
		if err != nil || found == nil {
			return 0, false, err
		}
		if got, ok := cas.NormalFingerprint(found.Fingerprint.Value()); ok && got != fingerprint {
			return 0, false, &NameTakenError{Name: req.Name, CertID: found.CertificateID.Value(), Fingerprint: got}
		}
		return found.CertificateID.Value(), true, nil
	}
	id, err := once(ctx, e, write[int64]{
		action: "UploadUserCertificate",
		do: func(ctx context.Context) (int64, error) {
			res, err := e.client.UploadUserCertificate(ctx, req)
			if err != nil {
				return 0, err
			}
			return res.CertID, nil
		},
		look: look,
	})
	var taken *NameTakenError
	switch {
	case errors.As(err, &taken):
		return 0, taken
	case cas.NameTaken(err):
		id, same, lookErr := look(ctx)
		switch {
		case lookErr != nil && errors.As(lookErr, &taken):
			taken.Err = err
			return 0, taken
		case lookErr != nil:
			return 0, errors.Join(err, lookErr)
		case !same:
			return 0, &NameTakenError{Name: req.Name, Err: err} // taken by a bought certificate, which FindUploaded does not list
		}
		e.log.Info(ctx, "adopted the certificate of this name and content, uploaded by an earlier call whose answer was lost",
			map[string]any{"cert_id": id, "name": req.Name})
		return id, nil
	}
	return id, err
}

// FindUploaded is the uploaded certificate named name, valid or expired,
// or nil when there is none.
func (e *Engine) FindUploaded(ctx context.Context, name string) (*cas.UserCertificate, error) {
	for _, status := range []string{"", "EXPIRED"} {
		res, err := e.client.ListUserCertificateOrder(ctx, cas.UserCertificateFilter{OrderType: cas.OrderTypeUpload, Status: status, Keyword: name})
		if err != nil {
			return nil, err
		}
		for i, c := range res.Certificates {
			if c.Name.Value() == name {
				return &res.Certificates[i], nil
			}
		}
	}
	return nil, nil
}

// DeleteCertificate deletes a certificate once; one already gone is no
// error. A lost answer is settled by reading the certificate.
func (e *Engine) DeleteCertificate(ctx context.Context, certID int64) error {
	return deleteOnce(ctx, e, "DeleteUserCertificate",
		func(ctx context.Context) error { return e.client.DeleteUserCertificate(ctx, certID) },
		func(ctx context.Context) error {
			_, err := e.client.GetUserCertificateDetail(ctx, certID, false)
			return err
		})
}
