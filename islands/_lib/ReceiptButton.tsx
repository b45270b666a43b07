import { useState } from "preact/hooks";
import { downloadFile } from "./download.ts";

/** "Download receipt (PDF)" for a paid order: fetched with the buyer's token, then saved. */
export function ReceiptButton({ orderId }: { orderId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(
      await downloadFile(
        `/api/orders/${orderId}/receipt.pdf`,
        `marquee-receipt-${orderId.slice(0, 8)}.pdf`,
      ),
    );
    setBusy(false);
  };
  return (
    <div class="order-receipt">
      <button
        type="button"
        class="button button-quiet"
        disabled={busy}
        onClick={() => void download()}
      >
        Download receipt (PDF)
      </button>
      {error ? <p class="field-error" role="alert">{error}</p> : null}
    </div>
  );
}
