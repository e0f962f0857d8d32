package devnet

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/zkperp/zkperp/web"
)

// page returns the web page's handler (Options.Web) with a signer built now into <dataDir>/web from the source
// (web.BuildSigner: seconds with a warm build cache, about a minute cold), so the page always signs with the code
// the node verifies with; a binary that embeds the signer (go generate ./web) and has no Go toolchain or source at
// hand serves the embedded one. The page connects to the WebSocket API on its own port.
func page(ctx context.Context, dataDir string) (http.Handler, error) {
	o := web.Options{SignerDir: filepath.Join(dataDir, "web")}
	if err := web.BuildSigner(ctx, o.SignerDir); err != nil {
		if !web.EmbeddedSigner() {
			return nil, fmt.Errorf("devnet: web page (--web=false runs without it): %w", err)
		}
		o.SignerDir = ""
	}
	h, err := web.Handler(o)
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	return h, nil
}
