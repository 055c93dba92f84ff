{
    "name": "After-Sales Service: Complaints",
    "summary": "A failed commissioning or repair raises a customer claim, prefilled "
    "from the dispatch; the unit's return goes through the claim",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Service",
    "website": "https://github.com/cc-suite/cc-suite",
    "author": "CC Suite",
    "maintainers": ["cc-suite"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cc_after_sales", "cc_complaint_stock"],
    "data": [
        "views/fsm_order_views.xml",
        "views/cc_claim_views.xml",
        "views/cc_returned_part_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
