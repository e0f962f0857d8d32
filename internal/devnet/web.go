package devnet

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/zkperp/zkperp/web"
)

// page returns the web page's handler (Options.Web): with the embedded signer when the binary has it (go generate
// ./web), else with one built now into <dataDir>/web (web.BuildSigner: seconds with a warm build cache, about a
// minute cold). The page connects to the WebSocket API on its own port.
func page(ctx context.Context, dataDir string) (http.Handler, error) {
	o := web.Options{}
	if !web.EmbeddedSigner() {
		o.SignerDir = filepath.Join(dataDir, "web")
		if err := web.BuildSigner(ctx, o.SignerDir); err != nil {
			return nil, fmt.Errorf("devnet: web page (--web=false runs without it): %w", err)
		}
	}
	h, err := web.Handler(o)
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	return h, nil
}
