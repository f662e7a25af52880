"""The demo profile: "Comune di Esempio" with sample types, staff and citizens."""

from comune.istanze.demo.content import create_demo


def post_install(context):
    create_demo(context.getSite())
