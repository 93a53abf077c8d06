package lifecycle

import (
	"context"
	"fmt"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Other clouds' AccessKeys. AddCloudAccess answers no ID, and CAS may keep
// a second copy of a key added twice: the key is looked for by cloud and
// key ID before it is added and, when the answer is lost, after.

// CloudAccessExistsError is a key to add that CAS already stores.
type CloudAccessExistsError struct {
	CloudName, SecretID string
	AccessID            int64
}

func (e *CloudAccessExistsError) Error() string {
	return fmt.Sprintf("CAS already stores the %s AccessKey %s (AccessId %d)", e.CloudName, e.SecretID, e.AccessID)
}

// AddCloudAccess stores the key once and returns its AccessId. A key of
// that cloud and ID stored before is a *CloudAccessExistsError: its secret
// cannot be read to tell whether it is this one.
func (e *Engine) AddCloudAccess(ctx context.Context, req cas.AddCloudAccessRequest) (int64, error) {
	existing, err := e.FindCloudAccess(ctx, req.CloudName, req.SecretID)
	switch {
	case err != nil:
		return 0, err
	case existing != 0:
		return 0, &CloudAccessExistsError{CloudName: req.CloudName, SecretID: req.SecretID, AccessID: existing}
	}
	w := write[int64]{
		action: "AddCloudAccess",
		do:     func(ctx context.Context) (int64, error) { return 0, e.client.AddCloudAccess(ctx, req) },
		look: func(ctx context.Context) (int64, bool, error) {
			id, err := e.FindCloudAccess(ctx, req.CloudName, req.SecretID)
			return id, id != 0, err
		},
	}
	id, err := once(ctx, e, w)
	if err != nil || id != 0 {
		return id, err // settled by finding it
	}
	// Added, answered without an ID: the listing has it.
	id, found, err := settle(ctx, e, w)
	if err == nil && !found {
		err = fmt.Errorf("CAS accepted the %s AccessKey %s, but ListCloudAccess does not list it", req.CloudName, req.SecretID)
	}
	if err != nil {
		return 0, fmt.Errorf("the key was stored, but its AccessId could not be found: %w", err)
	}
	return id, nil
}

// FindCloudAccess is the AccessId of the stored key of this cloud and key
// ID (the lowest, should there be several), 0 when there is none.
func (e *Engine) FindCloudAccess(ctx context.Context, cloudName, secretID string) (int64, error) {
	list, err := e.client.ListCloudAccess(ctx, cas.CloudAccessFilter{CloudName: cloudName, SecretID: secretID})
	if err != nil {
		return 0, err
	}
	var found int64
	for _, k := range list.Keys {
		if id := k.AccessID.Value(); cas.MaskedMatches(k.SecretID.Value(), secretID) && (found == 0 || id < found) {
			found = id
		}
	}
	return found, nil
}

// CloudAccess is the stored key with this AccessId, nil when there is none.
func (e *Engine) CloudAccess(ctx context.Context, accessID int64) (*cas.CloudAccess, error) {
	list, err := e.client.ListCloudAccess(ctx, cas.CloudAccessFilter{})
	if err != nil {
		return nil, err
	}
	for i, k := range list.Keys {
		if k.AccessID.Value() == accessID {
			return &list.Keys[i], nil
		}
	}
	return nil, nil
}

// DeleteCloudAccess removes a stored key once; one already gone is no error.
func (e *Engine) DeleteCloudAccess(ctx context.Context, accessID int64) error {
	return deleteOnce(ctx, e, "DeleteCloudAccess",
		func(ctx context.Context) error { return e.client.DeleteCloudAccess(ctx, accessID) },
		func(ctx context.Context) error {
			k, err := e.CloudAccess(ctx, accessID)
			if err == nil && k == nil {
				return &GoneError{What: fmt.Sprintf("stored key %d", accessID)}
			}
			return err
		})
}
