{
    "name": "Customer Complaints: Portal",
    "summary": "Customers file claims, follow them and answer the decision online",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Service",
    "website": "https://github.com/cc-suite/cc-suite",
    "author": "CC Suite",
    "maintainers": ["cc-suite"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cc_complaint", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/cc_complaint_portal_security.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_complaint_portal/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
