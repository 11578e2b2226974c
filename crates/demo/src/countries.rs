//! Where the demo's applicants come from: countries that send many IMGs to
//! US clinical experiences (India, Pakistan, Nigeria, Egypt, the
//! Philippines first), each with given names and surnames common there,
//! medical schools there, and the language spoken at home. Caribbean
//! schools train many US citizens and residents.

/// One country of origin.
pub struct Country {
    /// The school's country.
    pub name: &'static str,
    /// How often applicants come from it (weight).
    pub weight: u32,
    /// Given names.
    pub given: &'static [&'static str],
    /// Surnames.
    pub surnames: &'static [&'static str],
    /// Medical schools.
    pub schools: &'static [&'static str],
    /// Languages besides English.
    pub languages: &'static [&'static str],
    /// Whether its applicants are mostly US citizens or residents (Caribbean schools).
    pub us_students: bool,
}

const fn c(
    name: &'static str,
    weight: u32,
    given: &'static [&'static str],
    surnames: &'static [&'static str],
    schools: &'static [&'static str],
    languages: &'static [&'static str],
) -> Country {
    Country { name, weight, given, surnames, schools, languages, us_students: false }
}

/// The countries, weighted.
pub const COUNTRIES: &[Country] = &[
    c(
        "India",
        24,
        &["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Sneha", "Aditya", "Meera", "Rahul", "Divya", "Karthik"],
        &["Sharma", "Patel", "Reddy", "Iyer", "Nair", "Gupta", "Singh", "Rao", "Menon", "Desai", "Joshi", "Krishnan"],
        &[
            "Maulana Azad Medical College",
            "Kasturba Medical College, Manipal",
            "Christian Medical College, Vellore",
            "Grant Government Medical College, Mumbai",
            "Madras Medical College",
            "Government Medical College, Thiruvananthapuram",
        ],
        &["Hindi", "Tamil", "Telugu", "Malayalam", "Gujarati"],
    ),
    c(
        "Pakistan",
        14,
        &["Ayesha", "Hamza", "Fatima", "Bilal", "Zainab", "Usman", "Hira", "Ali", "Sana", "Saad"],
        &["Khan", "Ahmed", "Malik", "Qureshi", "Siddiqui", "Butt", "Chaudhry", "Raza"],
        &[
            "King Edward Medical University",
            "Aga Khan University Medical College",
            "Dow University of Health Sciences",
            "Allama Iqbal Medical College",
        ],
        &["Urdu", "Punjabi"],
    ),
    c(
        "Nigeria",
        12,
        &["Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Funmilayo", "Ifeanyi", "Temitope", "Chiamaka", "Tunde"],
        &["Okafor", "Adeyemi", "Eze", "Okonkwo", "Balogun", "Nwosu", "Adebayo", "Obi"],
        &[
            "University of Lagos College of Medicine",
            "University of Ibadan College of Medicine",
            "University of Nigeria College of Medicine",
            "Obafemi Awolowo University College of Health Sciences",
        ],
        &["Yoruba", "Igbo", "Hausa"],
    ),
    c(
        "Egypt",
        9,
        &["Mohamed", "Nour", "Ahmed", "Mariam", "Omar", "Yasmin", "Karim", "Salma"],
        &["Hassan", "Abdelrahman", "Mostafa", "Farouk", "Mansour", "Youssef", "Soliman"],
        &[
            "Cairo University Faculty of Medicine (Kasr Alainy)",
            "Ain Shams University Faculty of Medicine",
            "Alexandria University Faculty of Medicine",
            "Mansoura University Faculty of Medicine",
        ],
        &["Arabic"],
    ),
    c(
        "Philippines",
        8,
        &["Maria Clara", "Jose", "Kristine", "Mark", "Angelica", "John Paul", "Patricia", "Carlo"],
        &["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva"],
        &[
            "University of the Philippines College of Medicine",
            "University of Santo Tomas Faculty of Medicine and Surgery",
            "Cebu Institute of Medicine",
        ],
        &["Tagalog", "Cebuano"],
    ),
    c(
        "Bangladesh",
        5,
        &["Tanvir", "Nusrat", "Rafiq", "Farhana", "Sabbir", "Tasnim"],
        &["Rahman", "Hossain", "Islam", "Chowdhury", "Akter"],
        &["Dhaka Medical College", "Sir Salimullah Medical College", "Chittagong Medical College"],
        &["Bengali"],
    ),
    c(
        "Nepal",
        4,
        &["Sujan", "Anisha", "Prakash", "Sabina", "Bibek"],
        &["Shrestha", "Thapa", "Gurung", "Adhikari", "Karki"],
        &["Institute of Medicine, Tribhuvan University", "B.P. Koirala Institute of Health Sciences"],
        &["Nepali"],
    ),
    c(
        "Jordan",
        4,
        &["Lina", "Khaled", "Rami", "Dana", "Tarek", "Rania"],
        &["Haddad", "Khoury", "Nasser", "Al-Masri", "Saleh", "Odeh"],
        &["University of Jordan School of Medicine", "Jordan University of Science and Technology"],
        &["Arabic"],
    ),
    c(
        "Iran",
        3,
        &["Reza", "Sara", "Amir", "Negar", "Arash"],
        &["Hosseini", "Mohammadi", "Karimi", "Rahimi", "Tehrani"],
        &["Tehran University of Medical Sciences", "Shiraz University of Medical Sciences"],
        &["Persian"],
    ),
    c(
        "Mexico",
        3,
        &["Alejandro", "Valentina", "Diego", "Camila", "Andres", "Daniela"],
        &["Hernandez", "Garcia", "Rodriguez", "Martinez", "Lopez", "Ramirez"],
        &["UNAM Faculty of Medicine", "Universidad Autonoma de Guadalajara"],
        &["Spanish"],
    ),
    c(
        "Colombia",
        2,
        &["Santiago", "Isabella", "Sebastian", "Laura"],
        &["Gomez", "Restrepo", "Castro", "Vargas"],
        &["Universidad de Antioquia", "Pontificia Universidad Javeriana"],
        &["Spanish"],
    ),
    c(
        "Brazil",
        2,
        &["Lucas", "Mariana", "Gabriel", "Beatriz", "Rafael"],
        &["Silva", "Oliveira", "Souza", "Costa", "Pereira"],
        &["University of Sao Paulo Faculty of Medicine", "Federal University of Rio de Janeiro"],
        &["Portuguese"],
    ),
    c(
        "Ukraine",
        2,
        &["Olena", "Dmytro", "Anastasiia", "Andrii"],
        &["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk"],
        &["Bogomolets National Medical University", "Lviv National Medical University"],
        &["Ukrainian", "Russian"],
    ),
    c(
        "Syria",
        2,
        &["Yara", "Omar", "Lama", "Majd"],
        &["Al-Hamwi", "Darwish", "Kabbani", "Haddad"],
        &["Damascus University Faculty of Medicine", "University of Aleppo Faculty of Medicine"],
        &["Arabic"],
    ),
    c(
        "Ghana",
        2,
        &["Kwame", "Ama", "Kofi", "Abena"],
        &["Mensah", "Boateng", "Owusu", "Asante"],
        &["University of Ghana Medical School", "Kwame Nkrumah University of Science and Technology"],
        &["Twi"],
    ),
    c(
        "Kenya",
        1,
        &["Wanjiru", "Otieno", "Achieng", "Kamau"],
        &["Kamau", "Odhiambo", "Mwangi", "Wanjiku"],
        &["University of Nairobi School of Medicine"],
        &["Swahili"],
    ),
    c(
        "Ethiopia",
        1,
        &["Dawit", "Hana", "Selam", "Yonas"],
        &["Tesfaye", "Bekele", "Haile", "Girma"],
        &["Addis Ababa University College of Health Sciences"],
        &["Amharic"],
    ),
    c(
        "Sudan",
        1,
        &["Mohammed", "Reem", "Ahmed", "Hiba"],
        &["Osman", "Elamin", "Abdalla", "Babiker"],
        &["University of Khartoum Faculty of Medicine"],
        &["Arabic"],
    ),
    c(
        "China",
        2,
        &["Wei", "Xin", "Hao", "Yuting"],
        &["Wang", "Li", "Zhang", "Chen", "Liu"],
        &["Fudan University Shanghai Medical College", "Sun Yat-sen University Zhongshan School of Medicine"],
        &["Mandarin"],
    ),
    Country {
        name: "Grenada",
        weight: 4,
        given: &["Michael", "Jessica", "Daniel", "Ashley", "Kevin", "Nicole"],
        surnames: &["Thompson", "Nguyen", "Kim", "Johnson", "Brooks", "Patel"],
        schools: &["St. George's University School of Medicine"],
        languages: &[],
        us_students: true,
    },
    Country {
        name: "Barbados",
        weight: 2,
        given: &["Brandon", "Samantha", "Tyler", "Rachel"],
        surnames: &["Williams", "Alvarez", "Cohen", "Baptiste"],
        schools: &["Ross University School of Medicine"],
        languages: &["Spanish"],
        us_students: true,
    },
    Country {
        name: "Sint Maarten",
        weight: 2,
        given: &["Justin", "Megan", "Chris", "Alyssa"],
        surnames: &["Murphy", "Shah", "Rivera", "Okoro"],
        schools: &["American University of the Caribbean School of Medicine"],
        languages: &[],
        us_students: true,
    },
];
