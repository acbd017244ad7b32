// The namespaces nearly every capability's act files use (an act: its record, its handler, its HTTP endpoint), said
// once here instead of at the top of each file. Anything more particular is still imported where it is used.
global using System.Security.Claims;
global using ConsultationPlatform.Common;
global using ConsultationPlatform.Stakeholders;
global using Marten;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Mvc;
global using Wolverine;
global using Wolverine.Http;
global using Wolverine.Marten;
global using Wolverine.Persistence;
