"""The real content of the 2023 action plan and what OGP's public record adds.

Everything here is stated by ../shared/seed (the plan, or public-record.md), except where a
value is marked ``is_illustrative``: those are examples the site labels as such.
"""

import datetime as dt

PLAN_SOURCE = "Plan de Acción de Gobierno Abierto, Cartagena de Indias, 2023"
OGP_SOURCE = "Open Government Partnership, plan de acción Cartagena de Indias 2022–2023"
COCDI0001_SOURCE = (
    "Open Government Partnership, ficha del compromiso COCDI0001 (la redacción en español "
    "del título es propia)"
)
INITIAL_REPORT_SOURCE = "Open Government Partnership, Informe Inicial del monitor independiente"
END_REPORT_SOURCE = (
    "Open Government Partnership, Informe de fin de compromiso #CartagenaCuenta 2023"
)
PRESS_SOURCE = "Alcaldía de Cartagena, comunicado de prensa del 23 de noviembre de 2022"
OGP_MEMBER_URL = "https://www.opengovpartnership.org/es/members/cartagena-de-indias-colombia/"

AXES = [
    {
        "slug": "transparencia",
        "name": "Transparencia, fortalecimiento institucional y acceso a la información",
        "description": (
            "Visibilidad y uso de la información como instrumento para promover y fortalecer "
            "la participación ciudadana y el control social."
        ),
    },
    {
        "slug": "cultura-ciudadana",
        "name": "Cultura ciudadana anticorrupción",
        "description": "Participación, pertenencia y apropiación de lo público.",
    },
    {
        "slug": "prevencion",
        "name": "Prevención de la corrupción",
        "description": "Anticipación de riesgos de corrupción y reintegración.",
    },
]

INSTITUTIONS = [
    {
        "slug": "grupo-asesor-transparencia",
        "name": "Grupo Asesor de Transparencia y Anticorrupción",
        "role": "lead",
        "role_description": (
            "Lideró cada una de las acciones para la elaboración del Plan de Acción 2023, en "
            "coordinación con las demás dependencias."
        ),
        "source": PLAN_SOURCE,
    },
    {
        "slug": "oficina-asesora-informatica",
        "name": "Oficina Asesora de Informática",
        "role": "lead",
        "role_description": "Institución líder responsable de la implementación del plan.",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "oficina-cooperacion-internacional",
        "name": "Oficina de Cooperación Internacional",
        "role": "lead",
        "role_description": "Institución líder responsable de la implementación del plan.",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "oficina-asesora-comunicaciones",
        "name": "Oficina Asesora de Comunicaciones",
        "role": "lead",
        "role_description": "Institución líder responsable de la implementación del plan.",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "secretaria-participacion",
        "name": "Secretaría de Participación y Desarrollo Social",
        "role": "lead",
        "role_description": "Institución líder responsable de la implementación del plan.",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "escuela-gobierno-liderazgo",
        "name": "Escuela de Gobierno y Liderazgo",
        "role": "lead",
        "role_description": "Institución líder responsable de la implementación del plan.",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "secretaria-planeacion",
        "name": "Secretaría de Planeación",
        "role": "lead",
        "role_description": (
            "El plan la nombra en la coordinación de su elaboración; OGP la registra como la "
            "séptima institución líder."
        ),
        "source": f"{PLAN_SOURCE}; {OGP_SOURCE}",
    },
    {
        "slug": "alcaldia-cartagena",
        "name": "Alcaldía Distrital de Cartagena",
        "role": "entity",
        "role_description": "Entidad que presenta el plan de acción ante OGP Local.",
        "website": "https://www.cartagena.gov.co/",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "funcicar",
        "name": "Funcicar",
        "role": "ally",
        "role_description": (
            "Facilitó las conversaciones con la ciudadanía en los espacios de cocreación y "
            "convocó a los grupos priorizados."
        ),
        "source": f"{PLAN_SOURCE}; {INITIAL_REPORT_SOURCE}",
    },
    {
        "slug": "juntos-por-la-transparencia",
        "name": "Programa Juntos por la Transparencia (USAID)",
        "role": "ally",
        "role_description": "Acompañamiento técnico para la cocreación del plan.",
        "source": PLAN_SOURCE,
    },
    {
        "slug": "universidad-de-los-andes",
        "name": "Universidad de los Andes, Escuela de Gobierno",
        "role": "monitor",
        "role_description": (
            "Organismo de monitoreo independiente del proceso de cocreación y del plan de acción. "
            "Contacto: Camilo González, profesor de la Escuela de Gobierno."
        ),
        "source": PLAN_SOURCE,
    },
]

PARTICIPANT_GROUPS = [
    "Sociedad civil organizada",
    "Academia",
    "Grupos poblacionales",
    "Comunales Localidad 1",
    "Comunales Localidad 2",
    "Comunales Localidad 3",
    "Sector político",
]

COCREATION_FIGURES = [
    (
        "grupos participantes",
        7,
        "",
        "Grupos que participaron en la fase de cocreación.",
        PLAN_SOURCE,
    ),
    ("personas en la cocreación", 246, "", "Total de participantes de los 7 grupos.", PLAN_SOURCE),
    ("reuniones presenciales", 7, "", "Reuniones de cara al público.", PLAN_SOURCE),
    ("mesas de cocreación", 23, "", "Entre septiembre y octubre de 2022.", PLAN_SOURCE),
    ("propuestas ciudadanas", 120, "más de", "Obtenidas en las mesas de trabajo.", PLAN_SOURCE),
    (
        "iniciativas en la consulta virtual",
        12,
        "",
        "Iniciativas previamente analizadas y evaluadas, sometidas a consulta durante una semana.",
        PLAN_SOURCE,
    ),
    (
        "ciudadanos en la consulta virtual",
        300,
        "más de",
        "Participación en la semana de votación, que terminó el 21 de noviembre de 2022.",
        PRESS_SOURCE,
    ),
]

COMMITTEE = {
    "slug": "comite-ciudadano-seguimiento",
    "name": "Comité Ciudadano de Seguimiento",
    "description": (
        "En cada espacio de cocreación sectorial y poblacional se seleccionaron de manera "
        "democrática representantes para constituir el Comité Ciudadano de Seguimiento al Plan "
        "de Acción 2023 de Gobierno Abierto. El comité valida y hace seguimiento a cada una de "
        "las etapas y de los compromisos establecidos por la Alcaldía en el plan."
    ),
    "source": PLAN_SOURCE,
}

COMMITTEE_MEMBERS = [
    ("Eliana Salas", "Sociedad civil"),
    ("Eugenia Mier", "Sociedad civil"),
    ("Odelys Salcedo", "Academia"),
    ("Edilson Bello Ospino", "Academia"),
    ("Kevin Zabaleta", "Grupos poblacionales"),
    ("Diana Guerrero", "Grupos poblacionales"),
    ("Alejandro Vásquez", "Comunales Localidad 1"),
    ("Edilberto Licon", "Comunales Localidad 1"),
    ("Victoria Daza", "Comunales Localidad 3"),
    ("Luz Maide Ávila", "Comunales Localidad 3"),
    ("Luz Dary Moreno", "Comunales Localidad 2"),
    ("Marco Pertuz", "Comunales Localidad 2"),
]

COMMITMENTS = [
    {
        "slug": "cocdi0001-juntas-accion-comunal-contratacion",
        "code": "COCDI0001",
        "title": (
            "Acompañamiento técnico para fortalecer la organización de las Juntas de Acción "
            "Comunal en materia de contratación pública"
        ),
        "summary": (
            "Fortalecer la capacidad de las Juntas de Acción Comunal de Cartagena para participar "
            "en la contratación con entidades públicas locales y regionales."
        ),
        "start_date": dt.date(2023, 1, 1),
        "end_date": dt.date(2023, 11, 30),
        "supporting": [
            "alcaldia-cartagena",
            "secretaria-participacion",
            "funcicar",
            "juntos-por-la-transparencia",
        ],
        "values": ["civic_participation", "access_to_information", "technology_innovation"],
        "problem": (
            "<p>Cartagena cuenta con 429 Juntas de Acción Comunal y Juntas de Vivienda "
            "Comunitaria, y 3 asociaciones de juntas. La mayoría carece del conocimiento y de la "
            "capacidad administrativa y técnica para participar en la contratación con las "
            "entidades públicas locales y regionales.</p>"
        ),
        "status_quo": (
            "<p>En Colombia, la acción comunal es una forma de organización social arraigada en "
            "un territorio, donde los vecinos se unen para resolver problemas locales y "
            "participar en las decisiones. Estas organizaciones son:</p><ul><li>sin ánimo de "
            "lucro y basadas en la solidaridad;</li><li>titulares de personería jurídica y de "
            "patrimonio propio;</li><li>conformadas por vecinos que participan de manera "
            "voluntaria.</li></ul>"
        ),
        "monitor": {
            "monitor_verifiable": True,
            "monitor_relevant": True,
            "monitor_new_practice": True,
            "monitor_potential": "practice_change",
            "monitor_notes": (
                "<p>El Informe Inicial del monitor valora el compromiso como verificable, "
                "relevante para los valores de OGP y una práctica nueva, con potencial de "
                "producir un cambio positivo en una práctica, aunque no un cambio vinculante o "
                "institucionalizado.</p>"
            ),
            "monitor_source": INITIAL_REPORT_SOURCE,
        },
        "source": COCDI0001_SOURCE,
        "tags": ["juntas de acción comunal", "contratación pública"],
        "milestones": [
            ("Diagnóstico de capacidades de las juntas en contratación pública", "completed"),
            (
                "Talleres de formación en contratación pública para dignatarios comunales",
                "completed",
            ),
            ("Acompañamiento a juntas en procesos de contratación", "in_progress"),
            ("Informe de resultados y lecciones aprendidas", "not_started"),
        ],
    },
    {
        "slug": "cartagenacuenta-2023",
        "code": "",
        "title": (
            "Diseño e implementación de la estrategia integral de rendición de cuentas a la "
            "ciudadanía #CartagenaCuenta 2023"
        ),
        "summary": (
            "Estrategia de rendición de cuentas con enfoque territorial, inclusión social y "
            "diálogo permanente, con énfasis en planeación y finanzas públicas."
        ),
        "start_date": None,
        "end_date": None,
        "supporting": [],
        "values": ["public_accountability"],
        "problem": "",
        "status_quo": "",
        "monitor": {
            "monitor_completion": "complete",
            "monitor_notes": (
                "<p>El informe de fin de compromiso, del evaluador Camilo Ignacio González "
                "Becerra (Universidad de los Andes), concluye que la Alcaldía cumplió el "
                "compromiso: diseñó e implementó la estrategia.</p>"
            ),
            "monitor_source": END_REPORT_SOURCE,
        },
        "source": f"{OGP_SOURCE} (el identificador OGP de este compromiso no está confirmado)",
        "tags": ["rendición de cuentas", "finanzas públicas"],
        "milestones": [
            ("Diseño de la estrategia #CartagenaCuenta", "completed"),
            ("Espacios territoriales de diálogo con la ciudadanía", "completed"),
            ("Informe de rendición de cuentas sobre planeación y finanzas públicas", "completed"),
        ],
    },
]

CONSULTATION = {
    "slug": "consulta-virtual-2022",
    "title": "Consulta virtual de iniciativas ciudadanas 2022",
    "question": "¿Qué iniciativa debe desarrollarse en el Plan de Acción 2023 de Gobierno Abierto?",
    "description": (
        "Durante una semana de noviembre de 2022, la ciudadanía eligió en el micrositio de la "
        "Alcaldía entre 12 iniciativas previamente analizadas y evaluadas, surgidas de las mesas "
        "de cocreación. Esta fase permitió seleccionar la propuesta a desarrollar en el Plan de "
        "Acción 2023."
    ),
    "opens_at": dt.datetime(2022, 11, 14, 0, 0),
    "closes_at": dt.datetime(2022, 11, 21, 23, 59),
    "reported_participants": 300,
    "participants_qualifier": "más de",
    "results_summary": (
        "Las iniciativas más votadas fueron las de rendición de cuentas, seguidas por la línea "
        "de participación y transparencia. El grupo de edad con mayor participación fue el de 25 "
        "a 35 años, seguido por el de 50 a 70 y el de 18 a 24."
    ),
    "source": f"{PLAN_SOURCE}; {PRESS_SOURCE}",
    # The plan does not publish the 12 initiatives' texts nor the votes per option.
    "options": [
        ("Iniciativa 1 (línea de rendición de cuentas)", 58),
        ("Iniciativa 2 (línea de rendición de cuentas)", 47),
        ("Iniciativa 3 (línea de rendición de cuentas)", 39),
        ("Iniciativa 4 (línea de participación)", 31),
        ("Iniciativa 5 (línea de participación)", 27),
        ("Iniciativa 6 (línea de transparencia)", 24),
        ("Iniciativa 7 (línea de transparencia)", 21),
        ("Iniciativa 8", 17),
        ("Iniciativa 9", 14),
        ("Iniciativa 10", 11),
        ("Iniciativa 11", 8),
        ("Iniciativa 12", 5),
    ],
}

MONITOR_REPORTS = [
    {
        "slug": "informe-inicial-cocreacion",
        "title": "Informe Inicial: el proceso de cocreación del plan de acción",
        "moment": "cocreation",
        "authors": "María José Jinete Velásquez y Camilo González",
        "summary": (
            "<p>El informe evalúa el grado y la calidad del proceso de cocreación. El espacio "
            "fue la «Mesa de cocreación», diseñada con Funcicar y el Programa Juntos por la "
            "Transparencia de USAID, en cuatro etapas:</p><ol><li>una introducción de los "
            "aliados;</li><li>los conceptos de gobierno abierto y de OGP;</li><li>las soluciones "
            "propuestas por la Alcaldía;</li><li>una conversación con cada grupo de interés para "
            "identificar problemas y proponer soluciones.</li></ol><p>Funcicar convocó a los "
            "grupos priorizados por carta formal: grupos poblacionales, las Juntas de Acción "
            "Comunal de las Localidades 1, 2 y 3, juntas administradoras locales y "
            "organizaciones de la sociedad civil.</p><p>Sobre el compromiso COCDI0001, el "
            "informe lo considera verificable, relevante para los valores de OGP y una práctica "
            "nueva, con potencial de un cambio positivo en una práctica, no vinculante ni "
            "institucionalizado.</p>"
        ),
        "commitment": "cocdi0001-juntas-accion-comunal-contratacion",
        "source": INITIAL_REPORT_SOURCE,
    },
    {
        "slug": "informe-fin-compromiso-cartagenacuenta",
        "title": "Informe de fin de compromiso: #CartagenaCuenta 2023",
        "moment": "results",
        "authors": "Camilo Ignacio González Becerra",
        "summary": (
            "<p>El informe concluye que la Alcaldía cumplió el compromiso: diseñó e implementó "
            "la estrategia integral de rendición de cuentas #CartagenaCuenta 2023.</p>"
        ),
        "commitment": "cartagenacuenta-2023",
        "source": END_REPORT_SOURCE,
    },
]

INITIATIVES = [
    {
        "slug": "codigos-qr",
        "title": "Códigos QR",
        "kind": "initiative",
        "summary": (
            "Como herramienta de acceso a la información pública se implementaron los códigos QR "
            "en las vallas de las obras públicas que se construyen en todos los sectores de la "
            "ciudad. Cualquier ciudadano puede escanearlo para conocer la información contractual "
            "de la obra, hacerle seguimiento y comunicar alguna irregularidad que identifique."
        ),
    },
    {
        "slug": "hablemos-con-transparencia",
        "title": "Hablemos con Transparencia",
        "kind": "initiative",
        "summary": (
            "Un escenario que fomenta una conversación abierta, directa y de cara a la ciudad "
            "frente a las problemáticas que afectan su desarrollo, para consolidar una visión "
            "compartida de ciudad con la gestión distrital."
        ),
        "body": (
            "<p>En la conversación intervienen:</p><ul><li>Funcionarios públicos</li>"
            "<li>Miembros del sector privado</li><li>Ciudadanía</li></ul>"
        ),
    },
    {
        "slug": "feria-de-la-transparencia",
        "title": "Feria de la Transparencia",
        "kind": "initiative",
        "summary": (
            "Estrategia que le permite a la ciudadanía conocer cómo se invierten los recursos "
            "públicos, exponiendo de manera directa los planes de contratación vigentes de la "
            "Alcaldía Distrital de Cartagena."
        ),
        "body": (
            "<p>Sus pilares son:</p><ul><li>Fortalecimiento institucional</li><li>Reactivación "
            "económica</li><li>Rendición de cuentas</li><li>Control social</li></ul>"
        ),
    },
    {
        "slug": "portal-de-denuncias",
        "title": "Portal de Denuncias",
        "kind": "channel",
        "summary": (
            "Canal virtual para radicar denuncias por presuntos hechos de corrupción, de manera "
            "directa o anónima."
        ),
        "url": "https://www.cartagena.gov.co/denuncia",
    },
    {
        "slug": "correo-transparencia",
        "title": "Correo electrónico de transparencia y anticorrupción",
        "kind": "channel",
        "summary": "Canal virtual para denunciar presuntos hechos de corrupción.",
        "email": "transparenciayanticorrupcion@cartagena.gov.co",
    },
    {
        "slug": "gestion-abierta",
        "title": "Gestión Abierta",
        "kind": "platform",
        "summary": (
            "Portal de consulta diseñado para encontrar todas las actividades e informes de "
            "gestión de cada uno de los y las jefes de dependencia de la Alcaldía."
        ),
    },
    {
        "slug": "contratacion-abierta",
        "title": "Contratación Abierta",
        "kind": "platform",
        "summary": (
            "Portal diseñado para que los ciudadanos conozcan en tiempo real la contratación "
            "ejecutada por cada una de las dependencias de la Alcaldía."
        ),
    },
]

PROLOGUE = """<p>La apuesta de Gobierno Abierto de la Alcaldía Distrital de Cartagena está centrada en generar confianza en los ciudadanos, a partir de la lucha contra la corrupción y el desarrollo de procesos de inclusión y participación ciudadana.</p>
<p>Para la Administración del Gobierno Salvemos Juntos a Cartagena es importante anteponerse a los retos de ciudad, por lo cual es indispensable contar con un diálogo directo y permanente que le permita establecer redes de colaboración y construir ciudad, así como también, informar a la ciudadanía sobre los procesos implementados.</p>
<p>Para esto, se desarrollan herramientas que permiten establecer comunicación directa con la ciudadanía, con el fin de que estos conozcan la gestión realizada y el gobierno tenga conocimiento de las necesidades para la toma de decisiones. Con esto, se busca consolidar a Cartagena, como un escenario que abandera la lucha contra la corrupción, a través de procesos transparentes, participativos y colaborativos que promuevan la corresponsabilidad entre los diferentes actores.</p>"""

# The action plan itself (cms_blocks.ActionPlan): its metadata, from the plan's cover and
# OGP's public record.
ACTION_PLAN = {
    "title": "Plan de Acción de Gobierno Abierto 2023",
    "slug": "2023",
    "jurisdiction": "Cartagena de Indias, Colombia",
    "period_start": dt.date(2023, 1, 1),
    "period_end": dt.date(2023, 12, 31),
    "submitted_on": dt.date(2022, 11, 30),
    "ogp_submitted_on": dt.date(2022, 11, 29),
    "ogp_date_source": OGP_SOURCE,
    "motto": "Juntos por la transparencia",
    "intro": (
        "Plan de Acción de Gobierno Abierto de Cartagena de Indias, Colombia, 2023, en el marco "
        "de OGP Local."
    ),
    "prologue": PROLOGUE,
    "source": PLAN_SOURCE,
}

VISION_QA = [
    (
        "¿Cuál es la visión a largo plazo del gobierno abierto en su contexto y jurisdicción?",
        "<p>La visión a largo plazo de la Administración actual, el gobierno de Salvemos Juntos a Cartagena, consiste en generar transformación en la gestión a través de procesos más transparentes que permitan fortalecer la confianza de los ciudadanos hacia las instituciones y aumenten la participación ciudadana en los asuntos públicos.</p><p>La transparencia y el acceso a la información son pilares para generar confianza que permiten diseñar y co-crear instrumentos/herramientas innovadoras con alto porcentaje de impacto en el gobierno local, donde el ciudadano es parte central de la esfera pública.</p>",
    ),
    (
        "¿Cuáles son los logros en el gobierno abierto hasta la fecha?",
        "<p>Iniciativas del gobierno Salvemos Juntos a Cartagena: los códigos QR en las vallas de las obras públicas, Hablemos con Transparencia, la Feria de la Transparencia, los canales virtuales de recepción de denuncias de posibles hechos de corrupción (el Portal de Denuncias y el correo electrónico) y las plataformas de gobierno abierto Gestión Abierta y Contratación Abierta. Se describen más abajo, en «Iniciativas de gobierno abierto».</p>",
    ),
    (
        "¿Cuáles son los desafíos / áreas de mejora actuales en el gobierno abierto que la jurisdicción desea abordar?",
        "<p>Uno de los grandes retos en materia de gobierno abierto es generar apropiación y uso de las herramientas que se diseñan, tanto al interior de la entidad como por parte de los ciudadanos. Los retos que esto representan se traducen en el aprovechamiento de las TIC para implementar acciones participativas y colaborativas, tanto presenciales como virtuales.</p><p>Otro reto que afronta la entidad es modernizarse con los procesos de atención al ciudadano, por medio de la digitalización de estos y de los trámites, se deben hacer más transparentes, más rápidos y de manera virtual en su totalidad.</p>",
    ),
    (
        "¿Cuáles son las metas de gobierno abierto a mediano plazo que el gobierno quiere lograr?",
        # The three axes themselves are the Axis rows (AXES), listed by the plan's template.
        "<p>Las metas de gobierno abierto de este gobierno se encuentran concentradas en tres ejes de trabajo, que esta página presenta en «Ejes de trabajo».</p><p>En este contexto, las acciones y herramientas de gobierno abierto se enmarcan en el ciudadano como actor predominante en la implementación, el seguimiento y evaluación de las mismas, las cuales deben ser accesibles e inclusivas.</p>",
    ),
    (
        "¿Cómo contribuye este plan de acción a lograr la Visión Estratégica de Gobierno Abierto?",
        "<p>La apertura de la información pública para la ciudadanía, así como también, priorizar la lucha contra la corrupción, son pilares del gobierno actual, que permiten acercar la administración pública al ciudadano y generar confianza en las instituciones. Es por esto, que asumimos los retos de ciudad con la ciudadanía.</p><p>El plan de acción le permite a la Alcaldía Distrital de Cartagena implementar y afianzar acciones enfocadas a uno de los pilares del Plan de Desarrollo 2020 – 2023, Cartagena Transparente, el cual le apunta a visibilizar la información a través de procesos que propicien la transparencia para la confianza con la ciudadanía, involucrándola en la toma de decisiones que la afectan y en su seguimiento.</p>",
    ),
    (
        "¿Cómo contribuye la visión estratégica de gobierno abierto al logro de los objetivos generales de política de la administración actual?",
        "<p>Para el gobierno actual, Salvemos Juntos a Cartagena, la transparencia y la lucha contra la corrupción son fundamentales para su estrategia de gobierno abierto, y favorece el rescate de la confianza de los ciudadanos, a través de acciones que permiten involucrar a diferentes sectores de la ciudad y tomar decisiones de manera colectiva.</p><p>Se reconoce que alinear los procesos de gobierno abierto que implementa la entidad con los procesos propios de esta favorece la apropiación y socialización de valores como la transparencia, la participación, la rendición de cuentas y la colaboración, lo que contribuye de manera directa en la visión de la administración actual.</p>",
    ),
]

COORDINATION_QA = [
    (
        "¿Qué tipo de arreglos institucionales existen para coordinar la implementación del plan?",
        "<p>Cada una de las acciones desarrolladas para la elaboración del Plan de Acción 2023 de Gobierno Abierto fue liderada por el Grupo Asesor de Transparencia y Anticorrupción de la Alcaldía Distrital de Cartagena, en coordinación con la Secretaría de Planeación, la Secretaría de Participación, la Escuela de Gobierno y Liderazgo, la Oficina de Cooperación Internacional, la Oficina de Informática y la Oficina de Comunicaciones.</p><p>Debido a que estas dependencias implementan acciones enfocadas a la transparencia, el acceso a la información, la lucha contra la corrupción y el gobierno abierto, se decidió tener mesas de trabajo periódicas que permitan articular internamente las actividades y tomar decisiones frente al plan de acción conforme con unos criterios técnicos y de alcance temporal para su implementación.</p>",
    ),
    (
        "¿Qué espacios se usaron para la colaboración entre el gobierno y la sociedad civil?",
        "<p>Se estableció una metodología basada en la cocreación, bajo el enfoque de que las soluciones, iniciativas y acciones sean determinadas por los receptores de la oferta institucional, es decir, la misma ciudadanía. Hubo dos etapas: una presencial, la fase de cocreación, en la que se realizaron 23 mesas de trabajo entre septiembre y octubre de 2022 y se obtuvieron más de 120 propuestas ciudadanas; y una virtual, la fase de consulta, con un micrositio en la página web de la Alcaldía que mostró el proceso de gobierno abierto en el marco de OGP Local y el inventario de iniciativas ciudadanas, y un formulario de consulta abierto durante una semana de noviembre de 2022 en el que los ciudadanos eligieron entre 12 iniciativas.</p>",
    ),
    (
        "¿Qué medidas se tomaron para garantizar la diversidad de representación?",
        "<p>Se tuvo en cuenta el contexto de la ciudad y se priorizaron sectores y poblaciones para la fase de cocreación:</p><ul><li>Sociedad civil organizada</li><li>Academia</li><li>Grupos poblacionales (adulto mayor, jóvenes, mujer, comunidades étnicas, población de identidades diversas, personas en condición de discapacidad, migrantes)</li><li>Sector comunal (barrios de las 15 unidades comuneras de gobierno y 3 zonas rurales)</li><li>Sector político</li></ul><p>Para la fase de consulta virtual se invitó a toda la ciudadanía a participar a través de la plataforma diseñada para esta fase.</p>",
    ),
    (
        "¿Cómo se controlará el progreso con los organismos de ejecución?",
        "<p>Para cada compromiso suscrito con OGP Local se asignó un área responsable de la Alcaldía, que reporta oportunamente sobre su ejecución al ente de monitoreo. Además, se realizan mesas de trabajo con las áreas responsables para que el ente de monitoreo conozca de manera directa cómo se implementan los compromisos y si se presentan obstáculos. La regularidad de los reportes y de las mesas depende de cada compromiso y de las fechas de cada hito.</p>",
    ),
    (
        "¿Cómo se compartirán los resultados del monitoreo con el público?",
        f'<p>Los informes del ente de monitoreo se publican en el micrositio asignado por OGP Local (<a href="{OGP_MEMBER_URL}">{OGP_MEMBER_URL}</a>) y en el micrositio de gobierno abierto de la Alcaldía (<a href="https://www.cartagena.gov.co/transparencia/ogp">https://www.cartagena.gov.co/transparencia/ogp</a>).</p>',
    ),
]

MONITOR_MOMENTS = [
    (
        "Momento 1",
        "Proceso de cocreación del plan de acción",
        "El ente de monitoreo reúne evidencias del proceso de cocreación y elabora un informe inicial, en el que evalúa el grado y la calidad del proceso.",
    ),
    (
        "Momento 2",
        "Resultados de los compromisos implementados",
        "El ente de monitoreo reúne evidencias para evaluar los compromisos una vez implementados y elabora un informe final.",
    ),
    (
        "Momento 3",
        "Ejercicio final de aprendizaje",
        "Finalizada la implementación, el ente de monitoreo documenta un proceso de reflexión y aprendizaje sobre cómo participaron los actores y qué mejorar en el siguiente plan.",
    ),
]

PROCESS_TIMELINE = [
    (
        "Septiembre–octubre de 2022",
        "Fase de cocreación",
        "7 reuniones presenciales con 23 mesas de cocreación; más de 120 propuestas ciudadanas.",
    ),
    (
        "Noviembre de 2022",
        "Consulta virtual",
        "Una semana de votación entre 12 iniciativas, que terminó el 21 de noviembre de 2022.",
    ),
    (
        "30 de noviembre de 2022",
        "Presentación del plan",
        "Fecha de presentación según el plan (OGP registra el 29 de noviembre de 2022).",
    ),
    (
        "Enero–diciembre de 2023",
        "Implementación",
        "Duración del Plan de Acción de Gobierno Abierto 2023.",
    ),
]

ENTITY = {
    "entity_name": "Alcaldía Distrital de Cartagena de Indias",
    "email": "transparenciayanticorrupcion@cartagena.gov.co",
    "website": "https://www.cartagena.gov.co/",
    # Not stated by the plan: shown with the «ilustrativos» notice until the entity confirms.
    "address": "Centro, Plaza de la Aduana, Cartagena de Indias, Bolívar",
    "opening_hours": "Lunes a viernes, 8:00 a. m. a 12:00 m. y 2:00 p. m. a 5:00 p. m.",
    "judicial_notifications": "notificacionesjudiciales@cartagena.gov.co",
    "contact_is_illustrative": True,
    "data_policy_url": "/politica-de-datos/",
}

# Generic text on the rights of Ley 1581 de 2012 and on what this site does with the data of
# the consultation and the reports; the entity's formally adopted policy prevails over it.
DATA_POLICY = {
    "title": "Política de tratamiento de datos personales",
    "slug": "politica-de-datos",
    "intro": (
        "Cómo trata este micrositio los datos personales de quienes votan en una consulta o "
        "presentan una denuncia, en los términos de la Ley 1581 de 2012. Es un texto de "
        "referencia: la política de tratamiento de datos que la entidad adopte formalmente "
        "prevalece sobre él."
    ),
    "body": (
        "<h2>Responsable del tratamiento</h2>"
        "<p>La entidad que publica este micrositio es la responsable del tratamiento de los datos "
        "que se recogen en él. Sus canales de atención aparecen al pie de cada página.</p>"
        "<h2>Qué datos se recogen y para qué</h2>"
        "<ul><li><b>Consultas virtuales:</b> el correo electrónico, para enviar un enlace de un "
        "solo uso que confirma que quien vota lo recibe, y, si la persona lo da, su número de "
        "documento, para evitar votos repetidos. Ninguno de los dos se guarda tal cual: se guarda "
        "una huella cifrada que no permite recuperarlos. El voto se guarda por separado, sin "
        "ningún dato que lo relacione con quien votó.</li>"
        "<li><b>Denuncias:</b> la descripción de los hechos y los archivos adjuntos; si la persona "
        "elige presentarla con sus datos, su nombre y el correo o el teléfono que deje, solo para "
        "contactarla sobre la denuncia. Una denuncia anónima no guarda datos de contacto, ni la "
        "dirección IP, ni los datos del navegador. Las fotos se guardan sin sus metadatos.</li></ul>"
        "<p>Estos datos se usan solo para esas finalidades y se comunican a otras autoridades "
        "únicamente cuando la ley lo exige, por ejemplo para dar trámite a una denuncia.</p>"
        "<h2>Derechos de los titulares</h2>"
        "<p>Según el artículo 8 de la Ley 1581 de 2012, el titular de los datos puede:</p>"
        "<ul><li>conocer, actualizar y rectificar sus datos personales;</li>"
        "<li>solicitar prueba de la autorización otorgada;</li>"
        "<li>ser informado, previa solicitud, del uso que se ha dado a sus datos;</li>"
        "<li>presentar ante la Superintendencia de Industria y Comercio quejas por infracciones a "
        "la ley;</li>"
        "<li>revocar la autorización o solicitar la supresión de los datos cuando en el "
        "tratamiento no se respeten los principios, derechos y garantías constitucionales y "
        "legales;</li>"
        "<li>acceder en forma gratuita a sus datos personales.</li></ul>"
        "<h2>Cómo ejercerlos</h2>"
        "<p>Escriba a los canales de atención de la entidad que aparecen al pie de esta página. "
        "Según los artículos 14 y 15 de la Ley 1581 de 2012, las consultas se atienden en un "
        "máximo de diez días hábiles y los reclamos en un máximo de quince días hábiles, "
        "prorrogables en los casos que la ley prevé.</p>"
        "<h2>Autorización</h2>"
        "<p>Los formularios de votación y de denuncia solo se pueden enviar si la persona "
        "autoriza el tratamiento de sus datos para las finalidades descritas aquí.</p>"
    ),
}
