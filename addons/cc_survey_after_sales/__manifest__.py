{
    "name": "Customer Satisfaction Surveys - After-Sales",
    "summary": "After-sales follow-up scores feed the service dimension of the "
    "satisfaction index",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Service",
    "website": "https://github.com/cc-suite/cc-suite",
    "author": "CC Suite",
    "maintainers": ["cc-suite"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cc_survey", "cc_after_sales"],
    "auto_install": True,
    "installable": True,
}
