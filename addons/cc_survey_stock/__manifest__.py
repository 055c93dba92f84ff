{
    "name": "Customer Satisfaction Surveys - Deliveries",
    "summary": "The new-customer opinion card follows the customer's first "
    "validated delivery",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Service",
    "website": "https://github.com/cc-suite/cc-suite",
    "author": "CC Suite",
    "maintainers": ["cc-suite"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cc_survey", "sale_stock"],
    "auto_install": True,
    "installable": True,
}
