"""The words of the AI Act's explanations: what each prohibited practice, Annex III point,
Art 6(3) condition and transparency duty is, in French and English."""

from __future__ import annotations

from collections.abc import Mapping

from registry.vocab import pick

#: (French, English) descriptions used in the sentences.
PROHIBITED_TEXTS: Mapping[str, tuple[str, str]] = {
    "a": ("techniques subliminales, manipulatrices ou trompeuses causant un préjudice important",
          "subliminal, manipulative or deceptive techniques causing significant harm"),
    "b": ("exploitation des vulnérabilités liées à l'âge, au handicap ou à la situation sociale",
          "exploitation of vulnerabilities due to age, disability or social situation"),
    "ba": ("images intimes réalistes d'une personne identifiable sans son consentement",
           "realistic intimate imagery of an identifiable person without consent"),
    "bb": ("contenus pédopornographiques", "child sexual abuse material"),
    "c": ("notation sociale entraînant un traitement défavorable",
          "social scoring leading to detrimental treatment"),
    "d": ("prédiction d'infractions fondée uniquement sur le profilage",
          "crime-risk prediction based solely on profiling"),
    "e": ("moissonnage non ciblé d'images faciales", "untargeted scraping of facial images"),
    "f": ("inférence des émotions au travail ou dans l'enseignement, hors raisons médicales ou "
          "de sécurité",
          "inferring emotions at the workplace or in education, not for medical or safety reasons"),
    "g": ("catégorisation biométrique selon l'origine, les opinions, les convictions ou "
          "l'orientation sexuelle",
          "biometric categorisation by race, opinions, beliefs or sexual orientation"),
    "h": ("identification biométrique à distance en temps réel à des fins répressives",
          "real-time remote biometric identification for law enforcement"),
}  # fmt: skip
ANNEX_III_TEXTS: Mapping[str, tuple[str, str]] = {
    "1a": ("identification biométrique à distance", "remote biometric identification"),
    "1b": ("catégorisation biométrique selon des attributs sensibles, dont la santé",
           "biometric categorisation by sensitive attributes, including health"),
    "1c": ("reconnaissance des émotions", "emotion recognition"),
    "2": ("infrastructures critiques", "critical infrastructure"),
    "3": ("éducation et formation professionnelle", "education and vocational training"),
    "4a": ("recrutement et sélection", "recruitment and selection"),
    "4b": ("gestion et surveillance des travailleurs", "management and monitoring of workers"),
    "5a": ("éligibilité aux services publics essentiels, dont les soins",
           "eligibility for essential public services, including healthcare"),
    "5b": ("solvabilité", "creditworthiness"),
    "5c": ("tarification des assurances vie et santé", "life and health insurance pricing"),
    "5d": ("appels d'urgence, régulation des secours et tri des patients en urgence",
           "emergency calls, dispatch and emergency patient triage"),
    "6": ("activités répressives", "law enforcement"),
    "7": ("migration, asile et contrôle aux frontières", "migration, asylum and border control"),
    "8": ("justice et processus démocratiques", "justice and democratic processes"),
}  # fmt: skip
DEROGATIONS: Mapping[str, tuple[str, str, str]] = {
    "narrow_procedural_task": ("a", "exécute une tâche procédurale étroite",
                               "performs a narrow procedural task"),
    "improves_completed_human_activity": (
        "b", "améliore le résultat d'une activité humaine déjà réalisée",
        "improves the result of a previously completed human activity"),
    "detects_decision_patterns": (
        "c", "détecte des schémas décisionnels sans remplacer l'évaluation humaine",
        "detects decision-making patterns without replacing the human assessment"),
    "preparatory_task": ("d", "exécute une tâche préparatoire à une évaluation",
                         "performs a preparatory task to an assessment"),
}  # fmt: skip
TRANSPARENCY: Mapping[str, tuple[str, str]] = {
    "T50_1": ("Interagit directement avec des personnes : elles doivent être informées qu'elles "
              "ont affaire à un système d'IA.",
              "Interacts directly with people: they must be told they are dealing with AI."),
    "T50_2": ("Génère des contenus de synthèse : ils doivent être marqués comme générés par IA "
              "dans un format lisible par machine.",
              "Generates synthetic content: it must be marked as AI-generated in a "
              "machine-readable format."),
    "T50_3": ("Reconnaissance des émotions ou catégorisation biométrique : les personnes "
              "exposées doivent en être informées.",
              "Emotion recognition or biometric categorisation: the people exposed must be "
              "informed."),
    "T50_4": ("Hypertrucages ou textes d'intérêt public : le déployeur doit indiquer que le "
              "contenu est généré par IA.",
              "Deep fakes or public-interest text: the deployer must disclose that the content "
              "is AI-generated."),
}  # fmt: skip


def annex_iii_sentence(points: tuple[str, ...], locale: str) -> str:
    """The Annex III points, cited and described: "Annex III, points 5(a) (…), 5(d) (…)"."""

    def cite(point: str) -> str:
        return point if len(point) == 1 else f"{point[0]}({point[1:]})"

    described = [f"{cite(p)} ({pick(locale, *ANNEX_III_TEXTS[p])})" for p in points]
    word = pick(locale, "annexe III, point", "Annex III, point")
    return f"{word}{'s' if len(points) > 1 else ''} {', '.join(described)}"


#: Why a system is, or is not, registered in the EU database (Art 49, Annex VIII;
#: docs/domain.md §7.18), as (French, English) pairs.
REGISTRATION_REASONS: Mapping[str, tuple[str, str]] = {
    "section_a": (
        "Système à haut risque de l'annexe III : le fournisseur l'enregistre dans la base de "
        "données de l'UE avant de le mettre sur le marché ou en service (art. 49(1)), avec "
        "les informations de l'annexe VIII, section A.",
        "High-risk system of Annex III: its provider registers it in the EU database before "
        "placing it on the market or putting it into service (Art 49(1)), with the "
        "information of Annex VIII, Section A.",
    ),
    "section_b": (
        "Système de l'annexe III que le fournisseur estime ne pas être à haut risque "
        "(art. 6(3)) : il l'enregistre quand même dans la base de données de l'UE (art. 49(2)), "
        "avec les informations de l'annexe VIII, section B.",
        "Annex III system its provider considers not high-risk (Art 6(3)): it still "
        "registers it in the EU database (Art 49(2)), with the information of Annex VIII, "
        "Section B.",
    ),
    "unanswered": (
        "Le questionnaire AI Act n'est pas encore rempli : l'enregistrement découle de son "
        "résultat.",
        "The AI Act questionnaire is not answered yet: registration follows from its result.",
    ),
    "prohibited": (
        "Une pratique interdite (art. 5) ne peut pas être mise sur le marché : il n'y a rien "
        "à enregistrer.",
        "A prohibited practice (Art 5) may not be placed on the market: there is nothing to "
        "register.",
    ),
    "annex_iii_point_2": (
        "Composant de sécurité d'infrastructures critiques (annexe III, point 2) : "
        "enregistrement au niveau national (art. 49(5)), pas dans la base de données de l'UE.",
        "Safety component of critical infrastructure (Annex III, point 2): registered at "
        "national level (Art 49(5)), not in the EU database.",
    ),
    "annex_i_only": (
        "Dispositif médical à haut risque par l'annexe I seulement (art. 6(1)) : il est "
        "enregistré dans EUDAMED au titre du MDR ou de l'IVDR, pas dans la base de données "
        "de l'AI Act (art. 49(1) ne vise que l'annexe III).",
        "Medical device high-risk only through Annex I (Art 6(1)): it is registered in "
        "EUDAMED under the MDR or IVDR, not in the AI Act database (Art 49(1) covers Annex "
        "III only).",
    ),
    "other": (
        "Seuls les systèmes à haut risque de l'annexe III et ceux que leur fournisseur estime "
        "non à haut risque au titre de l'article 6(3) sont enregistrés (art. 49(1) et (2)) ; "
        "ce système n'en fait pas partie.",
        "Only high-risk systems of Annex III and those their provider considers not high-risk "
        "under Article 6(3) are registered (Art 49(1) and (2)); this system is neither.",
    ),
}
