{
    "name": "Customer Complaints: Returns",
    "summary": "Claim returns into quarantine with inspection and the over-acceptance "
    "ratio, credit notes on the returned quantity, free replacement deliveries",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Service",
    "website": "https://github.com/cc-suite/cc-suite",
    "author": "CC Suite",
    "maintainers": ["cc-suite"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cc_complaint_account", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/cc_complaint_stock_security.xml",
        "data/stock_location_data.xml",
        "views/cc_claim_views.xml",
        "views/cc_claim_inspection_views.xml",
        "views/stock_picking_views.xml",
        "views/res_partner_views.xml",
        "views/res_company_views.xml",
        "views/res_config_settings_views.xml",
        "report/cc_sales_return_report.xml",
    ],
    "demo": [
        "demo/cc_claim_stock_demo.xml",
        "demo/cc_complaint_demo.xml",
        "demo/cc_complaint_flow_demo.xml",
        "demo/cc_claim_case_document_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_complaint_stock/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
