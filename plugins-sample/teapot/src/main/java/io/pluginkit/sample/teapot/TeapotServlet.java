package io.pluginkit.sample.teapot;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** LUNA's {@code HandlerExample}: {@code GET /teapot} is 418 {@code I am teapot}; {@code GET /teapot/temperature} the heater's temperature. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/teapot", "/teapot/temperature" })
public class TeapotServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;
	static final int I_AM_A_TEAPOT = 418;

	private final transient Heater heater;

	@Activate
	public TeapotServlet(@Reference Heater heater) {
		this.heater = heater;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (request.getServletPath().equals("/teapot/temperature")) {
			response.setContentType("application/json");
			response.getWriter().write("{\"temperature\":" + heater.temperature() + "}");
			return;
		}
		response.setStatus(I_AM_A_TEAPOT);
		response.setContentType("text/plain");
		response.getWriter().write("I am teapot");
	}
}
