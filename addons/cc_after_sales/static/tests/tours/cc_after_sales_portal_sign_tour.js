/** @odoo-module **/
// Started by cc_after_sales/tests/test_portal.py, on the data it creates.
import { registry } from "@web/core/registry";

// --- portal: the customer signs the receipt of an engineer's visit
registry.category("web_tour.tours").add("cc_after_sales_portal_sign_tour", {
    steps: () => [
        {
            content: "the work report is shown",
            trigger: ".o_cc_dispatch_portal:contains(Replaced the pump seal)",
        },
        {
            content: "open the signature dialog",
            trigger: "a.o_cc_receipt_sign",
            run: "click",
        },
        {
            content: "the signer's name is filled in",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Buyer Wang)",
        },
        {
            content: "choose a signature style",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            content: "style 2",
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        {
            content: "sign, once the chosen style has drawn the name on the pad",
            trigger: ".modal .o_portal_sign_submit:enabled",
            async run() {
                // the style's font loads, then draws: wait for ink on the canvas
                const canvas = document.querySelector(".modal canvas.o_web_sign_signature");
                for (let i = 0; i < 100; i++) {
                    const { width, height } = canvas;
                    if (width && height) {
                        const context = canvas.getContext("2d");
                        const pixels = context.getImageData(0, 0, width, height).data;
                        if (pixels.some((value, index) => index % 4 === 3 && value > 0)) {
                            break;
                        }
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                this.anchor.click();
            },
        },
        {
            content: "the signature is sent: the page reloads, or the widget shows why not",
            trigger: ".alert-success:contains(the receipt is signed), .o_portal_sign_error_msg",
            timeout: 20000,
        },
        {
            content: "thank-you message",
            trigger: ".alert-success:contains(the receipt is signed)",
        },
        {
            content: "the page shows the receipt signed, by whom",
            trigger: ".o_cc_receipt_signed:contains(Receipt signed)",
        },
        {
            content: "the signature image and the signer",
            trigger: ".o_cc_receipt_signature:has(img):contains(Buyer Wang)",
        },
        {
            content: "the receipt can be downloaded",
            trigger: "a.o_cc_receipt_download[href*='report_type=pdf']",
        },
        {
            content: "no more signature button",
            trigger: "body:not(:has(a.o_cc_receipt_sign))",
        },
    ],
});
