namespace PartnerSupport.BrowserTests.Infrastructure;

/// <summary>
/// The sentences a person reads and clicks, written out per language here (not read from the
/// application's resources), so a missing or wrong translation fails the test.
/// </summary>
public sealed record Lang
{
    public required string Code { get; init; }
    public required string SignInTitle { get; init; }
    public required string Email { get; init; }
    public required string Password { get; init; }
    public required string SignIn { get; init; }
    public required string SignOut { get; init; }
    public required string Language { get; init; }
    public required string Change { get; init; }
    public required string SkipToContent { get; init; }
    public required string InvalidCredentials { get; init; }
    public required string NavBenefits { get; init; }
    public required string NavSupportForBusiness { get; init; }
    public required string NavSupportPlans { get; init; }
    public required string NavCustomers { get; init; }
    public required string NavPartnerPlans { get; init; }
    public required string NavBackOffice { get; init; }
    public required string NavActivations { get; init; }
    public required string BenefitsTitle { get; init; }
    public required string Activate { get; init; }
    public required string ActivationRequested { get; init; }
    public required string StatusNotActivated { get; init; }
    public required string StatusPending { get; init; }
    public required string StatusActive { get; init; }
    public required string StatusOpen { get; init; }
    public required string StatusClosed { get; init; }
    public required string AccessId { get; init; }
    public required string ContractId { get; init; }
    public required string StartDate { get; init; }
    public required string EndDate { get; init; }
    public required string IncidentsRemaining { get; init; }
    public required string Unlimited { get; init; }
    public required string Product { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Severity { get; init; }
    public required string SeverityCritical { get; init; }
    public required string ScopeOnPremises { get; init; }
    public required string ScopeCloud { get; init; }
    public required string Next { get; init; }
    public required string Back { get; init; }
    public required string Step2 { get; init; }
    public required string AddContract { get; init; }
    public required string NoAvailableContracts { get; init; }
    public required string UnavailablePlans { get; init; }
    public required string ReasonNotCovered { get; init; }
    public required string ReasonNotStarted { get; init; }
    public required string ContractNotFound { get; init; }
    public required string ContractLinked { get; init; }
    public required string Submit { get; init; }
    public required string RequestCreated { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string Resolution { get; init; }
    public required string ResolutionDuplicate { get; init; }
    public required string Close { get; init; }
    public required string Reopen { get; init; }
    public required string LinkSupportBenefits { get; init; }
    public required string Link { get; init; }
    public required string ServiceManagement { get; init; }
    public required string Workload { get; init; }
    public required string SupportPlan { get; init; }
    public required string CspPlan { get; init; }
    public required string Create { get; init; }
    public required string Purchase { get; init; }
    public required string Purchased { get; init; }
    public required string ConfirmPurchase { get; init; }
    public required string Organizations { get; init; }
    public required string Name { get; init; }
    public required string PartnerId { get; init; }
    public required string Country { get; init; }
    public required string Offer { get; init; }
    public required string Competency { get; init; }
    public required string AddMembership { get; init; }
    public required string DisplayName { get; init; }
    public required string AddUser { get; init; }
    public required string RoleGlobalAdmin { get; init; }
    public required string Saved { get; init; }
    public required string Approve { get; init; }
    public required string NoPendingActivations { get; init; }
    public required string ProductSupport { get; init; }
    public required string SignatureCloudSupport { get; init; }
    public required string PremierSupport { get; init; }
    public required string AdvancedSupport { get; init; }
    public required string NavManage { get; init; }

    /// <summary>How this language writes a date on a page (en "Dec 2, 2026", pt-BR "02/12/2026", es-ES "2/12/2026").</summary>
    public required string DatePattern { get; init; }

    public string Date(DateOnly date) => date.ToString(DatePattern, System.Globalization.CultureInfo.InvariantCulture);

    public static Lang En { get; } = new()
    {
        Code = "en",
        SignInTitle = "Sign in with your MPN associated account",
        Email = "E-mail",
        Password = "Password",
        SignIn = "Sign in",
        SignOut = "Sign out",
        Language = "Language",
        Change = "Change",
        SkipToContent = "Skip to content",
        InvalidCredentials = "The e-mail or password is wrong, or the account is locked for a while after too many attempts.",
        NavBenefits = "Technical benefits",
        NavSupportForBusiness = "Support for Business",
        NavSupportPlans = "Support plans",
        NavCustomers = "Customers",
        NavPartnerPlans = "Partner Support Plans",
        NavBackOffice = "Back office",
        NavActivations = "Activation queue",
        BenefitsTitle = "Technical Support Benefits",
        Activate = "Activate",
        ActivationRequested = "Activation requested. Allow a few days to process your activation request.",
        StatusNotActivated = "Not activated",
        StatusPending = "Activation pending",
        StatusActive = "Active",
        StatusOpen = "Open",
        StatusClosed = "Closed",
        AccessId = "Access ID",
        ContractId = "Contract ID",
        StartDate = "Start date",
        EndDate = "End date",
        IncidentsRemaining = "Incidents remaining",
        Unlimited = "Unlimited",
        Product = "Product",
        Title = "Title",
        Description = "Describe the problem",
        Severity = "Severity",
        SeverityCritical = "Critical",
        ScopeOnPremises = "On-premises products",
        ScopeCloud = "Cloud products",
        Next = "Next",
        Back = "Back",
        Step2 = "Step 2: Add the support contract using the Access ID and Contract ID.",
        AddContract = "Add contract",
        NoAvailableContracts = "No support contract linked to your account can be used for this product.",
        UnavailablePlans = "Would you like to see unavailable support plans?",
        ReasonNotCovered = "Not for this product (old on-premises version, see N-1, or another kind of product)",
        ReasonNotStarted = "The contract has not started yet",
        ContractNotFound = "No support contract matches this Access ID and Contract ID. Check both IDs as shown on the Technical benefits page.",
        ContractLinked = "The contract is linked to your account.",
        Submit = "Submit",
        RequestCreated = "Your support request was created.",
        Yes = "Yes",
        No = "No",
        Resolution = "Resolution",
        ResolutionDuplicate = "Duplicate (incident refunded)",
        Close = "Close request",
        Reopen = "Reopen",
        LinkSupportBenefits = "Link support benefits",
        Link = "Link",
        ServiceManagement = "Service management",
        Workload = "Workload",
        SupportPlan = "Support plan",
        CspPlan = "Cloud Solution Provider plan (no contract)",
        Create = "Create",
        Purchase = "Purchase",
        Purchased = "Plan purchased. Its contract is linked to your account.",
        ConfirmPurchase = "Confirm purchase",
        Organizations = "Organizations",
        Name = "Name",
        PartnerId = "Partner ID",
        Country = "Country",
        Offer = "Offer",
        Competency = "Competency",
        AddMembership = "Add membership",
        DisplayName = "Display name",
        AddUser = "Add user",
        RoleGlobalAdmin = "Global admin",
        Saved = "Saved.",
        Approve = "Approve",
        NoPendingActivations = "No activation is waiting.",
        ProductSupport = "Microsoft Product Support",
        SignatureCloudSupport = "Signature Cloud Support",
        PremierSupport = "Premier Support for Partners",
        AdvancedSupport = "Advanced Support for Partners",
        NavManage = "Management",
        DatePattern = "MMM d, yyyy",
    };

    public static Lang PtBr { get; } = new()
    {
        Code = "pt-BR",
        SignInTitle = "Entre com sua conta associada ao MPN",
        Email = "E-mail",
        Password = "Senha",
        SignIn = "Entrar",
        SignOut = "Sair",
        Language = "Idioma",
        Change = "Alterar",
        SkipToContent = "Pular para o conteúdo",
        InvalidCredentials = "O e-mail ou a senha estão incorretos, ou a conta está bloqueada por um tempo após muitas tentativas.",
        NavBenefits = "Benefícios técnicos",
        NavSupportForBusiness = "Suporte para negócios",
        NavSupportPlans = "Planos de suporte",
        NavCustomers = "Clientes",
        NavPartnerPlans = "Planos de suporte para parceiros",
        NavBackOffice = "Retaguarda",
        NavActivations = "Fila de ativações",
        BenefitsTitle = "Benefícios do suporte técnico",
        Activate = "Ativar",
        ActivationRequested = "Ativação solicitada. Aguarde alguns dias para processar sua solicitação de ativação.",
        StatusNotActivated = "Não ativado",
        StatusPending = "Ativação pendente",
        StatusActive = "Ativo",
        StatusOpen = "Aberta",
        StatusClosed = "Fechada",
        AccessId = "ID de acesso",
        ContractId = "ID do contrato",
        StartDate = "Data de início",
        EndDate = "Data de término",
        IncidentsRemaining = "Incidentes restantes",
        Unlimited = "Ilimitado",
        Product = "Produto",
        Title = "Título",
        Description = "Descreva o problema",
        Severity = "Gravidade",
        SeverityCritical = "Crítica",
        ScopeOnPremises = "Produtos locais",
        ScopeCloud = "Produtos de nuvem",
        Next = "Avançar",
        Back = "Voltar",
        Step2 = "Etapa 2: Adicione o contrato de suporte usando a ID de acesso e a ID do contrato.",
        AddContract = "Adicionar contrato",
        NoAvailableContracts = "Nenhum contrato de suporte vinculado à sua conta pode ser usado para este produto.",
        UnavailablePlans = "Você gostaria de ver os planos de suporte não disponíveis?",
        ReasonNotCovered = "Não cobre este produto (versão local antiga, veja N-1, ou outro tipo de produto)",
        ReasonNotStarted = "O contrato ainda não começou",
        ContractNotFound = "Nenhum contrato de suporte corresponde a esta ID de acesso e ID do contrato. Confira as duas IDs na página de benefícios técnicos.",
        ContractLinked = "O contrato está vinculado à sua conta.",
        Submit = "Enviar",
        RequestCreated = "Sua solicitação de suporte foi criada.",
        Yes = "Sim",
        No = "Não",
        Resolution = "Resolução",
        ResolutionDuplicate = "Duplicada (incidente devolvido)",
        Close = "Fechar solicitação",
        Reopen = "Reabrir",
        LinkSupportBenefits = "Vincular benefícios de suporte",
        Link = "Vincular",
        ServiceManagement = "Gerenciamento de serviços",
        Workload = "Carga de trabalho",
        SupportPlan = "Plano de suporte",
        CspPlan = "Plano do provedor de soluções de nuvem (sem contrato)",
        Create = "Criar",
        Purchase = "Comprar",
        Purchased = "Plano comprado. O contrato está vinculado à sua conta.",
        ConfirmPurchase = "Confirmar compra",
        Organizations = "Organizações",
        Name = "Nome",
        PartnerId = "ID do parceiro",
        Country = "País",
        Offer = "Oferta",
        Competency = "Competência",
        AddMembership = "Adicionar associação",
        DisplayName = "Nome de exibição",
        AddUser = "Adicionar usuário",
        RoleGlobalAdmin = "Administrador global",
        Saved = "Salvo.",
        Approve = "Aprovar",
        NoPendingActivations = "Nenhuma ativação aguardando.",
        ProductSupport = "Suporte a produtos da Microsoft",
        SignatureCloudSupport = "Suporte à assinatura na nuvem",
        PremierSupport = "Suporte Premier para parceiros",
        AdvancedSupport = "Suporte avançado para parceiros",
        NavManage = "Gestão",
        DatePattern = "dd/MM/yyyy",
    };

    public static Lang EsEs { get; } = new()
    {
        Code = "es-ES",
        SignInTitle = "Inicie sesión con la cuenta asociada a MPN",
        Email = "Correo electrónico",
        Password = "Contraseña",
        SignIn = "Iniciar sesión",
        SignOut = "Cerrar sesión",
        Language = "Idioma",
        Change = "Cambiar",
        SkipToContent = "Saltar al contenido",
        InvalidCredentials = "El correo o la contraseña no son correctos, o la cuenta está bloqueada un tiempo tras demasiados intentos.",
        NavBenefits = "Ventajas técnicas",
        NavSupportForBusiness = "Soporte técnico para empresas",
        NavSupportPlans = "Planes de soporte técnico",
        NavCustomers = "Clientes",
        NavPartnerPlans = "Planes de soporte técnico para asociados",
        NavBackOffice = "Administración",
        NavActivations = "Cola de activaciones",
        BenefitsTitle = "Ventajas de soporte técnico",
        Activate = "Activar",
        ActivationRequested = "Activación solicitada. Deje pasar unos días para que se procese la solicitud de activación.",
        StatusNotActivated = "No activada",
        StatusPending = "Activación pendiente",
        StatusActive = "Activa",
        StatusOpen = "Abierta",
        StatusClosed = "Cerrada",
        AccessId = "Identificador de acceso",
        ContractId = "Identificador de contrato",
        StartDate = "Fecha de inicio",
        EndDate = "Fecha de finalización",
        IncidentsRemaining = "Incidentes restantes",
        Unlimited = "Sin límite",
        Product = "Producto",
        Title = "Título",
        Description = "Describa el problema",
        Severity = "Gravedad",
        SeverityCritical = "Crítica",
        ScopeOnPremises = "Productos locales",
        ScopeCloud = "Productos en la nube",
        Next = "Siguiente",
        Back = "Atrás",
        Step2 = "Paso 2: agregue el contrato de soporte técnico mediante el identificador de acceso y el identificador de contrato.",
        AddContract = "Agregar contrato",
        NoAvailableContracts = "Ningún contrato de soporte técnico vinculado a su cuenta se puede usar para este producto.",
        UnavailablePlans = "¿Desea ver los planes de soporte técnico no disponibles?",
        ReasonNotCovered = "No cubre este producto (versión local antigua, consulte N-1, u otro tipo de producto)",
        ReasonNotStarted = "El contrato aún no ha empezado",
        ContractNotFound = "Ningún contrato de soporte coincide con este identificador de acceso e identificador de contrato. Compruebe ambos en la página de ventajas técnicas.",
        ContractLinked = "El contrato está vinculado a su cuenta.",
        Submit = "Enviar",
        RequestCreated = "Se creó su solicitud de soporte técnico.",
        Yes = "Sí",
        No = "No",
        Resolution = "Resolución",
        ResolutionDuplicate = "Duplicada (incidente devuelto)",
        Close = "Cerrar solicitud",
        Reopen = "Reabrir",
        LinkSupportBenefits = "Vincular ventajas de soporte técnico",
        Link = "Vincular",
        ServiceManagement = "Administración de servicios",
        Workload = "Carga de trabajo",
        SupportPlan = "Plan de soporte técnico",
        CspPlan = "Plan de proveedor de soluciones en la nube (sin contrato)",
        Create = "Crear",
        Purchase = "Comprar",
        Purchased = "Plan adquirido. Su contrato está vinculado a su cuenta.",
        ConfirmPurchase = "Confirmar la compra",
        Organizations = "Organizaciones",
        Name = "Nombre",
        PartnerId = "Id. de partner",
        Country = "País",
        Offer = "Oferta",
        Competency = "Competencia",
        AddMembership = "Agregar pertenencia",
        DisplayName = "Nombre para mostrar",
        AddUser = "Agregar usuario",
        RoleGlobalAdmin = "Administrador global",
        Saved = "Guardado.",
        Approve = "Aprobar",
        NoPendingActivations = "No hay activaciones en espera.",
        ProductSupport = "Soporte técnico de productos de Microsoft",
        SignatureCloudSupport = "Soporte técnico Signature Cloud",
        PremierSupport = "Soporte técnico Premier para asociados",
        AdvancedSupport = "Soporte técnico avanzado para asociados",
        NavManage = "Gestión",
        DatePattern = "d/M/yyyy",
    };

    /// <summary>The portal's language for a browser locale: pt-BR, es-ES, else English.</summary>
    public static Lang For(string locale) => locale switch
    {
        "pt-BR" => PtBr,
        "es-ES" => EsEs,
        _ => En,
    };

    public override string ToString() => Code;
}
