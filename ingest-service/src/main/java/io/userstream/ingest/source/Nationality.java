package io.userstream.ingest.source;

/**
 * What the synthetic generator needs to imitate one of randomuser.me's nationalities: names in
 * their script, how the API writes its postcode (number or string) and its national id (name, or
 * none with a null value).
 */
record Nationality(String code, String country, String[] cities, String[] streets, String[] maleNames,
                   String[] femaleNames, String[] lastNames, String idName, boolean numericPostcode,
                   String postcodePattern, String phonePattern) {

    static final Nationality[] ALL = {
        new Nationality("US", "United States", a("Billings", "Austin", "Fresno"), a("Valwood Pkwy", "Oak Lawn Ave"),
                a("James", "Eli", "Wyatt"), a("Jennie", "Addison", "Zoey"), a("Nichols", "Walker", "Lopez"),
                "SSN", true, "#####", "(###) ###-####"),
        new Nationality("GB", "United Kingdom", a("Leeds", "Bristol", "York"), a("Church Lane", "High Street"),
                a("Oliver", "Harry", "Jack"), a("Amelia", "Isla", "Ella"), a("Smith", "O'Brien", "Taylor"),
                "NINO", false, "@# #@@", "01###-######"),
        new Nationality("FR", "France", a("Nîmes", "Besançon", "Orléans"), a("Rue de l'Abbé-Groult", "Place du 8 Février 1962"),
                a("Loïc", "Jérôme", "Théo"), a("Anaïs", "Léa", "Chloé"), a("Lefèvre", "Moreau", "Girard"),
                "INSEE", true, "#####", "0#-##-##-##-##"),
        new Nationality("ES", "Spain", a("Málaga", "Córdoba", "Logroño"), a("Calle de Alcalá", "Avenida de Andalucía"),
                a("José", "Adrián", "Iván"), a("Lucía", "María José", "Begoña"), a("Martínez", "Muñoz", "Pérez"),
                "DNI", true, "#####", "9##-###-###"),
        new Nationality("IR", "Iran", a("تهران", "اصفهان", "شیراز"), a("میدان انقلاب", "پارک ۱۷ شهریور"),
                a("محمدعلی", "امیرحسین", "علی"), a("نازنین زهرا", "ستایش", "یاسمن"), a("احمدی", "رضایی", "کریمی"),
                "", true, "#####", "0##-########"),
        new Nationality("UA", "Ukraine", a("Київ", "Харків", "Одеса"), a("Ярославська", "Хрещатик"),
                a("Андрій", "Богдан", "Ярослав"), a("Оксана", "Ганна", "Софія"), a("Шевченко", "Коваленко", "Бондаренко"),
                "", true, "#####", "(0##) ###-##-##"),
        new Nationality("RS", "Serbia", a("Нови Сад", "Ниш", "Крагујевац"), a("Бранка Радичевића", "Кнеза Милоша"),
                a("Милош", "Ђорђе", "Никола"), a("Јелена", "Милица", "Теодора"), a("Јовановић", "Петровић", "Ђорђевић"),
                "SID", true, "#####", "0##-####-###"),
        new Nationality("TR", "Turkey", a("Eskişehir", "Muğla", "Çanakkale"), a("Atatürk Sk", "Şehitler Cd"),
                a("Çağan", "Doğan", "İbrahim"), a("Şeyma", "Gülay", "Özlem"), a("Öztürk", "Yıldırım", "Çelik"),
                "", true, "#####", "(###)-###-####"),
        new Nationality("CA", "Canada", a("Québec", "Montréal", "Toronto"), a("Rue Principale", "King St"),
                a("Noah", "Émile", "Liam"), a("Charlotte", "Noémie", "Maëlle"), a("Tremblay", "Gagnon", "Roy"),
                "SIN", false, "@#@ #@#", "Q##-Q##-####"),
        new Nationality("NL", "Netherlands", a("Utrecht", "Den Haag", "Groningen"), a("Kerkstraat", "Molenweg"),
                a("Daan", "Sem", "Joël"), a("Fleur", "Anouk", "Iris"), a("de Vries", "van den Berg", "Bakker"),
                "BSN", false, "#### @@", "(0##) #######")
    };

    private static String[] a(String... values) {
        return values;
    }
}
